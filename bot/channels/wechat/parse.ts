// wechaty Message → IncomingMessage. Works the same for personal-account and WeCom puppets: it only
// uses the puppet-neutral wechaty API (self, room, topic, mentionSelf, mentionText).
import { types, type Message } from "wechaty";
import type { IncomingMessage } from "../../../core/message.ts";

export const DEFAULT_ROOMS: readonly string[] = ["政务帮"];

/** ZWB_WECHAT_ROOMS ("政务帮,营商环境群") → the room topics the bot serves. */
export function parseRoomList(raw: string | undefined): string[] {
  const list = (raw ?? "").split(/[,，]/).map((s) => s.trim()).filter(Boolean);
  return list.length ? list : [...DEFAULT_ROOMS];
}

/** Message types a person sends on purpose and might expect an answer to, but we cannot read. */
const HINTABLE = new Set<number>([
  types.Message.Image,
  types.Message.Audio,
  types.Message.Video,
  types.Message.Attachment,
  types.Message.Emoticon,
]);

export const UNSUPPORTED_HINT = "抱歉，目前只能处理文字消息，请用文字描述您的问题。";

/** True for a private non-text message worth a polite hint (never for the bot's own messages). */
export function wantsUnsupportedHint(message: Message, botId: string): boolean {
  if (message.self() || message.talker().id === botId) return false;
  return !message.room() && HINTABLE.has(message.type());
}

// WeChat separates an @name from the rest with U+2005 (four-per-em space); some clients use a space.
const MENTION_SEP = /[\u2005\u0020]/;

function stripLeadingMentions(text: string, names: string[]): string {
  let out = text;
  for (const name of names.filter(Boolean)) {
    const at = "@" + name;
    let i = out.indexOf(at);
    while (i >= 0) {
      const end = i + at.length;
      if (end === out.length || MENTION_SEP.test(out[end]!)) {
        out = out.slice(0, i) + out.slice(end + (end < out.length ? 1 : 0));
        i = out.indexOf(at, i);
      } else i = out.indexOf(at, end);
    }
  }
  return out.replace(/\u2005/g, " ").trim();
}

/**
 * Returns null for everything the bot must not answer: its own messages, non-text messages,
 * and rooms whose topic is not in `rooms`. Room messages that do not @ the bot come back with
 * mentioned=false so the caller decides (the door ignores them).
 */
export async function toIncomingMessage(
  message: Message,
  botId: string,
  rooms: readonly string[] = DEFAULT_ROOMS,
): Promise<IncomingMessage | null> {
  const talker = message.talker();
  if (message.self() || talker.id === botId) return null;
  if (message.type() !== types.Message.Text) return null;

  const base = {
    channel: "wechat" as const,
    messageId: message.id,
    userId: talker.id,
    userName: talker.name() || undefined,
    receivedAt: message.date(),
  };

  const room = message.room();
  if (!room) return { ...base, text: message.text().trim(), mentioned: true };

  const topic = await room.topic();
  if (!rooms.includes(topic)) return null;

  const mentioned = await message.mentionSelf();
  let text = mentioned ? await message.mentionText() : message.text();
  if (mentioned) {
    // mentionText() only removes names it resolved; a room alias of the bot may still lead the text.
    const names: string[] = [];
    try {
      const me = message.wechaty.currentUser;
      names.push(me.name());
      const alias = await room.alias(me).catch(() => undefined);
      if (alias) names.push(alias);
    } catch {
      // logged out between receiving and parsing: mentionText() already did what it could
    }
    text = stripLeadingMentions(text, names);
  }
  return { ...base, groupId: room.id, text: text.trim(), mentioned };
}
