// The web console is one self-contained HTML file (no build step, no framework), read once.
import { readFileSync } from "node:fs";

let cached: string | null = null;

export function consolePage(): string {
  cached ??= readFileSync(new URL("./index.html", import.meta.url), "utf8");
  return cached;
}
