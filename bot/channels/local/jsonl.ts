// The machine interface (used by ../shared/eval/score.mjs; keep it stable): one JSON object per input
// line on stdin, one JSON object per input on stdout, in order. Logs go to stderr.
import { createInterface } from "node:readline";
import type { App } from "../../app.ts";
import type { IncomingMessage, Reply } from "../../message.ts";

export interface JsonlInput {
  user?: string;
  text?: string;
  messageId?: string;
  group?: string;
  mentioned?: boolean;
  channel?: IncomingMessage["channel"];
}

export function toJsonlOutput(r: Reply | null) {
  const reply = r ?? { intent: "other", text: "", grounded: false, citations: [], ticket: null, pushes: [] };
  return {
    intent: reply.intent,
    reply: reply.text,
    grounded: reply.grounded,
    citations: reply.citations,
    ticket: reply.ticket,
    pushes: reply.pushes.map((p) => ({ to: p.to.userId, channel: p.to.channel, text: p.text })),
  };
}

export async function runJsonl(app: App, input: NodeJS.ReadableStream, out: NodeJS.WritableStream): Promise<void> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  const runId = `${process.pid}-${Date.now().toString(36)}`;
  for await (const line of rl) {
    if (!line.trim()) continue;
    n++;
    let parsed: JsonlInput;
    try {
      parsed = JSON.parse(line) as JsonlInput;
      if (typeof parsed !== "object" || parsed === null) throw new Error("not an object");
    } catch {
      out.write(JSON.stringify({ intent: "other", reply: "输入不是有效的 JSON 对象，应为 {\"user\":\"…\",\"text\":\"…\"}。", grounded: false, citations: [], ticket: null, pushes: [], error: "invalid_json" }) + "\n");
      continue;
    }
    const msg: IncomingMessage = {
      channel: parsed.channel ?? "local",
      messageId: parsed.messageId ?? `jsonl-${runId}-${n}`,
      userId: String(parsed.user ?? "local-user"),
      groupId: parsed.group,
      text: typeof parsed.text === "string" ? parsed.text : "",
      mentioned: parsed.mentioned ?? true,
      receivedAt: app.deps.clock.now(),
    };
    const reply = await app.handle(msg);
    out.write(JSON.stringify(toJsonlOutput(reply)) + "\n");
  }
}
