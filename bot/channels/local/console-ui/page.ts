// The web console is one self-contained HTML file (no build step, no framework), read once. Found from
// the project root, so the start bundle in dist/ reads the same file as the sources.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { projectRoot } from "../../../config.ts";

let cached: string | null = null;

export function consolePage(): string {
  cached ??= readFileSync(resolve(projectRoot, "bot/channels/local/console-ui/index.html"), "utf8");
  return cached;
}
