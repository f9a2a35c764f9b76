// wechaty Message → IncomingMessage. Works the same for personal-account and WeCom puppets: it only
// uses the puppet-neutral wechaty API (self, room, topic, mentionSelf, mentionText).
import { types, type Message } from "wechaty";
import type { Attachment, IncomingMessage } from "../../../core/message.ts";
import { AttachmentTooLargeError, AttachmentUnavailableError } from "../../../core/attachment.ts";

export const DEFAULT_ROOMS: readonly string[] = ["政务帮"];

/** ZWB_WECHAT_ROOMS ("政务帮,营商环境群") → the room topics the bot serves. */
export function parseRoomList(raw: string | undefined): string[] {
  const list = (raw ?? "").split(/[,，]/).map((s) => s.trim()).filter(Boolean);
  return list.length ? list : [...DEFAULT_ROOMS];
}

/** Message types a person sends on purpose and might expect an answer to, but we cannot read or keep. */
const HINTABLE = new Set<number>([types.Message.Emoticon, types.Message.Url, types.Message.MiniProgram, types.Message.Location]);

/** Pictures, files, voice and video: downloaded (toFileBox) when a feature keeps them for a ticket. */
const MEDIA: Record<number, Attachment["kind"]> = {
  [types.Message.Image]: "image",
  [types.Message.Attachment]: "file",
  [types.Message.Audio]: "voice",
  [types.Message.Video]: "video",
};

export const UNSUPPORTED_HINT = "抱歉，这类消息我暂时无法识别。我能阅读文字、接收图片和文件，请用文字描述您的问题。";

/** The download handle of a media message: the puppet fetches the file (toFileBox) only when asked. */
export function mediaAttachment(message: Message, kind: Attachment["kind"]): Attachment {
  return {
    kind,
    async fetch(maxBytes) {
      let buf: Buffer;
      try {
        const box = await message.toFileBox();
        if (box.size > maxBytes) throw new AttachmentTooLargeError(maxBytes);
        buf = await box.toBuffer();
        if (box.name && !this.name) this.name = box.name;
      } catch (err) {
        if (err instanceof AttachmentTooLargeError) throw err;
        throw new AttachmentUnavailableError(`wechat file: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (buf.length > maxBytes) throw new AttachmentTooLargeError(maxBytes);
      return buf;
    },
  };
}

/** True for a private non-text message worth a polite hint (never for the bot's own messages). */
export function wantsUnsupportedHint(message: Message, botId: string): boolean {
  if (message.self() || message.talker().id === botId) return false;
  return !message.room() && HINTABLE.has(message.type());
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * "@<bot name or room alias>" anywhere the text starts or after a space. WeChat separates an @name
 * with U+2005; typed by hand it may be followed by the question directly ("@政务帮企业开办…").
 */
function mentionRe(names: string[]): RegExp | null {
  const alts = names.filter(Boolean).sort((a, b) => b.length - a.length).map(escapeRe);
  return alts.length ? new RegExp(`(^|[\\s\u2005])[@＠](?:${alts.join("|")})[\u2005\\s:：,，]*`, "gu") : null;
}

export function mentionsBot(text: string, names: string[]): boolean {
  const re = mentionRe(names);
  return re ? re.test(text) : false;
}

export function stripBotMentions(text: string, names: string[]): string {
  const re = mentionRe(names);
  return (re ? text.replace(re, "$1") : text).replace(/\u2005/g, " ").replace(/[ \t]+/g, " ").trim();
}

/** A quoted reply as puppets deliver it: 「name：quoted text」, a dashed line, then the reply. */
const QUOTE = /^「([^：」]{1,40})：([\s\S]*?)」\n- - - - - - - - - - - - - - -\n([\s\S]*)$/;

export function parseQuote(text: string): { name: string; quoted: string; reply: string } | null {
  const m = QUOTE.exec(text);
  return m ? { name: m[1]!, quoted: m[2]!, reply: m[3]! } : null;
}

export interface ParseContext {
  /** True when this talker addressed the bot in this room a moment ago (a picture then is for it too). */
  recentlyAddressed?: (roomId: string, talkerId: string) => boolean;
}

/**
 * Returns null for everything the bot must not answer: its own messages, kinds it neither reads nor
 * keeps, and rooms whose topic is not in `rooms`. Room messages not addressed to the bot come back
 * with mentioned=false so the caller decides (the door ignores them).
 *
 * A room message is addressed to the bot when wechaty's mentionSelf() says so, and also when the text
 * @-s the bot's name or room alias, or quotes one of the bot's messages: puppet-service always sends
 * a mention list, often empty, so mentionSelf() alone silently misses real questions.
 */
export async function toIncomingMessage(
  message: Message,
  botId: string,
  rooms: readonly string[] = DEFAULT_ROOMS,
  ctx: ParseContext = {},
): Promise<IncomingMessage | null> {
  const talker = message.talker();
  if (message.self() || talker.id === botId) return null;
  const type = message.type();
  const kind = MEDIA[type];
  if (type !== types.Message.Text && !kind) return null;

  const base = {
    channel: "wechat" as const,
    messageId: message.id,
    userId: talker.id,
    userName: talker.name() || undefined,
    receivedAt: message.date(),
    ...(kind ? { attachments: [mediaAttachment(message, kind)] } : {}),
  };

  const room = message.room();
  if (!room) return { ...base, text: kind ? "" : message.text().trim(), mentioned: true };

  const topic = await room.topic();
  if (!rooms.includes(topic)) return null;
  if (kind) return { ...base, groupId: room.id, text: "", mentioned: Boolean(ctx.recentlyAddressed?.(room.id, talker.id)) };

  const names: string[] = [];
  try {
    const me = message.wechaty.currentUser;
    names.push(me.name());
    const alias = await room.alias(me).catch(() => undefined);
    if (alias) names.push(alias);
  } catch {
    // logged out between receiving and parsing: only the mention list can tell
  }
  let text = message.text();
  let mentioned = await message.mentionSelf().catch(() => false);
  const quote = parseQuote(text);
  if (quote && names.includes(quote.name)) {
    mentioned = true;
    text = quote.reply;
  }
  if (mentionsBot(text, names)) mentioned = true;
  if (mentioned) {
    // mentionText() removes the names the puppet resolved; the bot's own @name may still lead the text.
    if (!quote) text = await message.mentionText().catch(() => text);
    text = stripBotMentions(text, names);
  }
  return { ...base, groupId: room.id, text: text.trim(), mentioned };
}
