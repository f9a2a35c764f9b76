// A decrypted 智能机器人 callback (JSON) → IncomingMessage. Pure: no I/O. Pictures and files stay
// URLs here; the door turns them into download handles.
import type { IncomingMessage } from "../../../core/message.ts";

export interface WeComMedia {
  kind: "image" | "file" | "voice" | "video";
  url: string;
  /** Per-item key when the platform gives one; otherwise the bot's EncodingAESKey decrypts it. */
  aeskey?: string;
  name?: string;
}

export type WeComCallback =
  | { kind: "message"; msgid: string; msg: IncomingMessage; media: WeComMedia[]; responseUrl?: string; voiceWithoutText: boolean }
  /** WeCom polling a stream reply it was given with finish=false. */
  | { kind: "stream"; msgid: string; streamId: string }
  | { kind: "event"; msgid: string; event: string; userId?: string }
  | { kind: "unsupported"; msgid: string; msgtype: string; userId?: string; responseUrl?: string };

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The robot's @name leads a group message ("@政务帮 问题", or "@政务帮问题" with no space). */
export function stripBotMention(text: string, names: readonly string[], group: boolean): string {
  let t = text;
  const known = names.filter(Boolean).sort((a, b) => b.length - a.length);
  if (known.length) t = t.replace(new RegExp(`[@＠](?:${known.map(escapeRe).join("|")})[\\s\u2005:：,，]*`, "gu"), " ");
  // In a group the first token is the @ of the robot under whatever name the admin gave it; it
  // ends at the space WeCom's picker inserts. Without that space nothing is guessed away.
  if (group) t = t.replace(/^\s*[@＠][^\s@＠]{1,30}[\s\u2005]+/u, "");
  return t.replace(/[\u00a0\u2005\u3000]/g, " ").replace(/[ \t]+/g, " ").trim();
}

function media(kind: WeComMedia["kind"], v: unknown): WeComMedia | null {
  const o = obj(v);
  const url = str(o.url);
  if (!url) return null;
  const m: WeComMedia = { kind, url };
  const key = str(o.aeskey);
  if (key) m.aeskey = key;
  const name = str(o.filename) ?? str(o.name) ?? str(o.file_name);
  if (name) m.name = name;
  return m;
}

export function parseCallback(raw: string, names: readonly string[], now: () => Date = () => new Date()): WeComCallback | null {
  let d: Json;
  try {
    d = obj(JSON.parse(raw));
  } catch {
    return null;
  }
  const msgid = str(d.msgid);
  const msgtype = str(d.msgtype);
  if (!msgid || !msgtype) return null;
  const userId = str(obj(d.from).userid);
  const responseUrl = str(d.response_url);
  if (msgtype === "stream") {
    const streamId = str(obj(d.stream).id);
    return streamId ? { kind: "stream", msgid, streamId } : null;
  }
  if (msgtype === "event") {
    const e = obj(d.event);
    return { kind: "event", msgid, event: str(e.eventtype) ?? "unknown", ...(userId ? { userId } : {}) };
  }
  if (!userId) return null;
  const group = d.chattype === "group";
  const files: WeComMedia[] = [];
  let text = "";
  let voiceWithoutText = false;
  switch (msgtype) {
    case "text":
      text = str(obj(d.text).content) ?? "";
      break;
    case "mixed":
      for (const it of Array.isArray(obj(d.mixed).msg_item) ? (obj(d.mixed).msg_item as unknown[]) : []) {
        const item = obj(it);
        if (item.msgtype === "text") text += str(obj(item.text).content) ?? "";
        else if (item.msgtype === "image") {
          const m = media("image", item.image);
          if (m) files.push(m);
        }
      }
      break;
    case "image":
    case "file":
    case "video": {
      const m = media(msgtype, d[msgtype]);
      if (m) files.push(m);
      break;
    }
    case "voice":
      // WeCom transcribes voice for the robot; the transcript is as good as typed text.
      text = str(obj(d.voice).content) ?? "";
      voiceWithoutText = !text.trim();
      break;
    default:
      return { kind: "unsupported", msgid, msgtype, userId, ...(responseUrl ? { responseUrl } : {}) };
  }
  // A quoted message gives context; when the user typed nothing else, it is the question.
  const quote = obj(d.quote);
  if (!text.trim() && quote.msgtype === "text") text = str(obj(quote.text).content) ?? "";
  if (quote.msgtype === "image") {
    const m = media("image", quote.image);
    if (m) files.push(m);
  }
  const msg: IncomingMessage = {
    channel: "wecom",
    messageId: msgid,
    userId,
    text: stripBotMention(text, names, group),
    mentioned: true, // group callbacks only come for messages that @ the robot
    receivedAt: now(),
  };
  const chatid = str(d.chatid);
  if (group && chatid) msg.groupId = chatid;
  return { kind: "message", msgid, msg, media: files, ...(responseUrl ? { responseUrl } : {}), voiceWithoutText };
}
