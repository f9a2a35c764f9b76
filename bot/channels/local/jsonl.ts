// The machine interface (used by ../shared/eval/score.mjs; keep it stable): one JSON object per input
// line on stdin, one JSON object per input on stdout, in order. Logs go to stderr.
import { createInterface } from "node:readline";
import { z } from "zod";
import type { App } from "../../app.ts";
import type { IncomingMessage, Reply } from "../../../core/message.ts";

// One input line. Numbers are accepted where people type them (ids, a numeric text); anything else
// wrong is answered with the field's name rather than guessed at.
const id = z.union([z.string().min(1).max(200), z.number().transform(String)]);
const InputSchema = z.object({
  user: id.optional(),
  text: z.union([z.string(), z.number().transform(String)]).optional(),
  messageId: id.optional(),
  group: z.string().min(1).max(200).optional(),
  mentioned: z.boolean().optional(),
  channel: z.enum(["local", "http", "wechat", "dingtalk"]).optional(),
});

export type JsonlInput = z.infer<typeof InputSchema>;

function errorLine(error: string, reply: string): string {
  return JSON.stringify({ intent: "other", reply, grounded: false, citations: [], ticket: null, pushes: [], error }) + "\n";
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
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      out.write(errorLine("invalid_json", "输入不是有效的 JSON 对象，应为 {\"user\":\"…\",\"text\":\"…\"}。"));
      continue;
    }
    const r = InputSchema.safeParse(raw);
    if (!r.success) {
      const i = r.error.issues[0];
      out.write(errorLine("invalid_input", `输入字段 ${i.path.join(".") || "(整行)"} 无效：${i.message}`));
      continue;
    }
    const parsed: JsonlInput = r.data;
    const msg: IncomingMessage = {
      channel: parsed.channel ?? "local",
      messageId: parsed.messageId ?? `jsonl-${runId}-${n}`,
      userId: parsed.user ?? "local-user",
      groupId: parsed.group,
      text: parsed.text ?? "",
      mentioned: parsed.mentioned ?? true,
      receivedAt: app.deps.clock.now(),
    };
    const reply = await app.handle(msg);
    out.write(JSON.stringify(toJsonlOutput(reply)) + "\n");
  }
}
