import type { AppMiddleware as Middleware } from "../../handlers/deps.ts";
import { textReply } from "../../core/message.ts";
import { stripSelfMention } from "../../core/text.ts";

export const MAX_MESSAGE_CHARS = 4000;

// Control characters arrive from copy-paste and hostile clients; zero-width ones hide text from reviewers.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;

/** Control characters out, line ends unified, and a leading @ of the bot's own names removed (doors
 * strip their platform's mentions; text typed locally or relayed may still carry the name). */
export function cleanText(s: string, botNames: readonly string[] = ["政务帮"]): string {
  return stripSelfMention(s.replace(CONTROL, "").replace(/\r\n?/g, "\n").trim(), botNames);
}

/** Empty and oversized messages get a clear reply; nothing oversized is half-accepted. */
export const inputGuard = (): Middleware => async (ctx, next) => {
  const raw = ctx.msg.text ?? "";
  // A door may hand over a huge text: it is measured without copying it (no spread into an array),
  // and only a text that can be within the limit is cleaned.
  if (raw.length > MAX_MESSAGE_CHARS * 2) return tooLong(ctx, codePoints(raw));
  ctx.msg = { ...ctx.msg, text: cleanText(raw, ctx.deps.settings.botNames) };
  const n = codePoints(ctx.msg.text);
  // A picture or file carries no text; the attachments feature answers it.
  if (n === 0 && !ctx.msg.attachments?.length) {
    ctx.reply = textReply(
      "other",
      "您好，我是政务帮。可以问我办事材料、办理时限、责任单位等政策问题（例如“施工许可多久能批下来？”）；如需投诉，请直接说明情况，我会立即登记工单。",
    );
    return;
  }
  if (n > MAX_MESSAGE_CHARS) return tooLong(ctx, n);
  await next();
};

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++, n++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) i++;
  }
  return n;
}

function tooLong(ctx: Parameters<Middleware>[0], n: number): void {
  ctx.reply = textReply(
    "other",
    `您的消息共${n}字，超过单条${MAX_MESSAGE_CHARS}字的上限，未被处理。请精简后重新发送；内容较多的投诉可分条用“补充 <单号> 内容”追加。`,
  );
}
