// Reply → the Markdown a WeCom stream reply or response_url message shows: the answer, then sources.
import type { Reply } from "../../../core/message.ts";

/** Stream content and response_url markdown are limited to 20480 bytes; keep a margin. */
export const MAX_BYTES = 20_000;

export function renderMarkdown(reply: Pick<Reply, "text" | "citations">): string {
  const seen = new Set<string>();
  const sources: string[] = [];
  for (const c of reply.citations ?? []) {
    const line = `- 《${c.title.trim().replace(/^《|》$/g, "")}》${c.section.trim() ? ` ${c.section.trim()}` : ""}`;
    if (seen.has(line)) continue;
    seen.add(line);
    sources.push(line);
  }
  let out = reply.text.trim() + (sources.length ? `\n\n**来源：**\n${sources.slice(0, 5).join("\n")}` : "");
  if (Buffer.byteLength(out) > MAX_BYTES) {
    const note = "\n\n（内容较长，已截断，请缩小问题范围后再问。）";
    while (Buffer.byteLength(out) + Buffer.byteLength(note) > MAX_BYTES) out = out.slice(0, Math.floor(out.length * 0.95));
    out += note;
  }
  return out;
}
