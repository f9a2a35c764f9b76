// The web console: one HTML page and a few plain ES modules beside it (no build step, no framework),
// plus Apache ECharts served from node_modules (no CDN: officers' networks are often closed). Found
// from the project root, so the start bundle in dist/ serves the same files as the sources.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import type { Hono } from "hono";
import { projectRoot } from "../../../config.ts";
import { consoleHeaders } from "./headers.ts";

const DIR = resolve(projectRoot, "bot/channels/local/console-ui");
const ASSET = /^[a-z][a-z0-9-]*\.js$/;
const cache = new Map<string, string>();

function read(path: string): string {
  let s = cache.get(path);
  if (s === undefined) cache.set(path, (s = readFileSync(path, "utf8")));
  return s;
}

export function consolePage(): string {
  return read(resolve(DIR, "index.html"));
}

/** /console, /console/assets/<module>.js and /console/vendor/echarts.min.js. */
export function mountConsole(http: Hono): void {
  http.get("/console", (c) => {
    const page = consolePage();
    return c.html(page, 200, consoleHeaders(page));
  });
  http.get("/console/assets/:name", (c) => {
    const name = c.req.param("name");
    if (!ASSET.test(name)) return c.text("not found", 404);
    try {
      return c.body(read(resolve(DIR, name)), 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache", "x-content-type-options": "nosniff" });
    } catch {
      return c.text("not found", 404);
    }
  });
  http.get("/console/vendor/echarts.min.js", (c) => {
    const file = createRequire(import.meta.url).resolve("echarts/dist/echarts.min.js");
    return c.body(read(file), 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=86400" });
  });
}
