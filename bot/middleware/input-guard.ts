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
  ctx.msg = { ...ctx.msg, text: cleanText(ctx.msg.text ?? "", ctx.deps.settings.botNames) };
  const n = [...ctx.msg.text].length;
  // A picture or file carries no text; the attachments feature answers it.
  if (n === 0 && !ctx.msg.attachments?.length) {
    ctx.reply = textReply(
      "other",
      "您好，我是政务帮。可以问我办事材料、办理时限、责任单位等政策问题（例如“企业开办多长时间能办结？”）；如需投诉，请直接说明情况，我会立即登记工单。",
    );
    return;
  }
  if (n > MAX_MESSAGE_CHARS) {
    ctx.reply = textReply(
      "other",
      `您的消息共${n}字，超过单条${MAX_MESSAGE_CHARS}字的上限，未被处理。请精简后重新发送；内容较多的投诉可分条用“补充 <单号> 内容”追加。`,
    );
    return;
  }
  await next();
};
