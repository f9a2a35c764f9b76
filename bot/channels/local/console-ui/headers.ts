// The console's security headers. Its own script files are allowed, an inline script only by its hash (computed from the page
// as served, so an edit of the page needs no edit here) and nothing else may run; no site may frame it;
// the browser must not guess content types.
import { createHash } from "node:crypto";

const cache = new Map<string, Record<string, string>>();

const hashes = (page: string, tag: "script" | "style"): string[] =>
  [...page.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g"))].map((m) => `'sha256-${createHash("sha256").update(m[1], "utf8").digest("base64")}'`);

export function consoleHeaders(page: string): Record<string, string> {
  let h = cache.get(page);
  if (!h) {
    const csp = [
      "default-src 'none'",
      // The console's own modules (/console/assets, the bundled ECharts) and any inline script by hash.
      `script-src 'self' ${hashes(page, "script").join(" ")}`.trim(),
      // Inline style attributes are harmless enough and the page uses a few.
      "style-src 'self' 'unsafe-inline'",
      "connect-src 'self'",
      "img-src 'self' data:",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; ");
    h = {
      "content-security-policy": csp,
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "no-referrer",
      "cache-control": "no-store",
    };
    cache.clear();
    cache.set(page, h);
  }
  return h;
}
