// Reply → DingTalk Markdown, readable on a phone: the answer, then a short list of sources.
import type { Citation, Reply } from "../../../core/message.ts";

const MAX_SOURCES = 5;

/**
 * DingTalk Markdown joins single newlines into one line; a hard break needs two trailing
 * spaces. Blank lines (paragraphs) and list/heading lines already break.
 */
export function hardBreaks(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((para) => para.split("\n").map((l) => l.trimEnd()).join("  \n"))
    .join("\n\n");
}

export function sourceLine(c: Citation): string {
  const title = c.title.trim().replace(/^《|》$/g, "");
  const section = c.section.trim();
  return `《${title}》${section ? ` ${section}` : ""}`;
}

export function renderReply(reply: Pick<Reply, "text" | "citations">): string {
  const body = hardBreaks(reply.text.trim());
  const seen = new Set<string>();
  const sources: string[] = [];
  for (const c of reply.citations ?? []) {
    const line = sourceLine(c);
    if (seen.has(line)) continue;
    seen.add(line);
    sources.push(`- ${line}`);
  }
  if (!sources.length) return body;
  const more = sources.length > MAX_SOURCES ? `\n- 等 ${sources.length} 处` : "";
  return `${body}\n\n**来源：**\n\n${sources.slice(0, MAX_SOURCES).join("\n")}${more}`;
}
