// DingTalk robot callback (Stream topic /v1.0/im/bot/messages/get, frame.data) → IncomingMessage.
// Pure: no I/O, no clock unless the payload lacks createAt. The reply route (sessionWebhook)
// is vendor detail and stays beside the message, never inside it.
import type { IncomingMessage } from "../../../core/message.ts";

/** Where and how to answer one callback; kept by the channel, keyed by messageId. */
export interface RobotSession {
  /** Temporary per-conversation reply URL (about 1.5 h valid). */
  webhook?: string;
  /** Epoch ms after which the webhook no longer accepts posts. */
  webhookExpiresAt?: number;
  /** '1' one-to-one, '2' group. */
  conversationType: "1" | "2";
  /** openConversationId of the chat (needed to post into a group without a webhook). */
  conversationId: string;
  /** Enterprise staff id of the sender; the only id the robot send APIs accept. */
  senderStaffId?: string;
  robotCode?: string;
}

/** A picture, file, voice or video of the callback, still to be downloaded with its downloadCode. */
export interface RobotFile {
  kind: "image" | "file" | "voice" | "video";
  downloadCode: string;
  name?: string;
  size?: number;
}

export interface ParsedRobotCallback {
  msg: IncomingMessage;
  session: RobotSession;
  /** What the message carried besides text. */
  files: RobotFile[];
  /** Set when the message kind is one the bot can neither read nor keep (a card, a link, …). */
  unsupported?: string;
}

type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const num = (v: unknown): number | undefined => {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
};
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Removes @mentions the client leaves in the text. The robot's own names (configured, since the
 * payload carries none) are removed wherever they stand, with or without a following space:
 * Chinese puts none ("@政务帮企业开办多久"). Other people's @name is only removed when the callback
 * says others were @-ed (atUsers) and the name ends at a space, the way DingTalk's picker inserts
 * it; otherwise the @ may be part of what was said ("请@张三处理", "a@b.com").
 */
export function stripMentions(text: string, robotNames: string[] = [], otherMentions = 0): string {
  let t = text;
  const names = robotNames.filter(Boolean).sort((a, b) => b.length - a.length);
  if (names.length) t = t.replace(new RegExp(`[@＠](?:${names.map(escapeRe).join("|")})[\\s\u2005:：,，]*`, "gu"), " ");
  for (let i = 0; i < otherMentions; i++) {
    const next = t.replace(/(^|\s)[@＠][^\s@＠]{1,24}[\s\u2005]+/u, "$1");
    if (next === t) break;
    t = next;
  }
  return t.replace(/[\u00a0\u2005\u3000]/g, " ").replace(/[ \t]+/g, " ").replace(/ *\n */g, "\n").trim();
}

function contentOf(d: Json): Json {
  return (typeof d.content === "object" && d.content !== null ? d.content : {}) as Json;
}

/** The code DingTalk gives for downloading a file; pictures carry two, either works with messageFiles/download. */
const codeOf = (c: Json) => str(c.downloadCode) ?? str(c.pictureDownloadCode);

function extract(d: Json): { text: string; files: RobotFile[]; unsupported?: string } {
  const type = str(d.msgtype) ?? "text";
  const content = contentOf(d);
  const files: RobotFile[] = [];
  switch (type) {
    case "text":
      return { text: str((d.text as Json | undefined)?.content) ?? "", files };
    case "richText": {
      const parts = Array.isArray(content.richText) ? (content.richText as Json[]) : [];
      let text = "";
      for (const p of parts) {
        if (typeof p !== "object" || p === null) continue;
        const code = codeOf(p);
        if (str(p.text)) text += str(p.text);
        else if (code && (p.type === "picture" || p.pictureDownloadCode !== undefined || p.type === undefined)) files.push({ kind: "image", downloadCode: code });
      }
      return { text, files };
    }
    case "picture": {
      const code = codeOf(content);
      if (code) files.push({ kind: "image", downloadCode: code });
      return { text: "", files };
    }
    case "file": {
      const code = codeOf(content);
      if (code) files.push({ kind: "file", downloadCode: code, ...(str(content.fileName) ? { name: str(content.fileName) } : {}), ...(num(content.fileSize) ? { size: num(content.fileSize) } : {}) });
      return { text: "", files };
    }
    case "audio": {
      // DingTalk transcribes voice messages itself; the transcript is as good as typed text.
      const text = str(content.recognition) ?? "";
      const code = codeOf(content);
      if (!text.trim() && code) files.push({ kind: "voice", downloadCode: code });
      return { text, files };
    }
    case "video": {
      const code = codeOf(content);
      if (code) files.push({ kind: "video", downloadCode: code });
      return { text: "", files };
    }
    default:
      return { text: "", files, unsupported: type };
  }
}

/** Full parse: the normalized message plus how to answer it. null when it must be ignored. */
export function parseRobotCallbackDetail(data: unknown, now: () => Date = () => new Date(), robotNames: string[] = []): ParsedRobotCallback | null {
  let d: unknown = data;
  if (typeof d === "string") {
    try {
      d = JSON.parse(d);
    } catch {
      return null;
    }
  }
  if (typeof d !== "object" || d === null || Array.isArray(d)) return null;
  const p = d as Json;

  const msgId = str(p.msgId);
  const conversationId = str(p.conversationId);
  const senderStaffId = str(p.senderStaffId);
  const senderId = str(p.senderId);
  const userId = senderStaffId ?? senderId;
  if (!msgId || !conversationId || !userId) return null;

  // The robot's own messages (e.g. echoed into a group) must never trigger an answer.
  const botId = str(p.chatbotUserId);
  if (botId && (senderId === botId || senderStaffId === botId)) return null;

  const conversationType = String(p.conversationType ?? "1") === "2" ? "2" : "1";
  const group = conversationType === "2";
  const { text: raw, files, unsupported } = extract(p);
  const atUsers = Array.isArray(p.atUsers) ? (p.atUsers as Json[]) : [];
  const others = atUsers.filter((u) => u && str(u.dingtalkId) !== botId).length;
  const text = stripMentions(raw, robotNames, others);
  const createAt = num(p.createAt);

  const msg: IncomingMessage = {
    channel: "dingtalk",
    messageId: msgId,
    userId,
    text,
    // The robot only ever receives group messages that @ it (Stream topic /v1.0/im/bot/messages/get),
    // so every group delivery is addressed to it, whether or not isInAtList is present.
    mentioned: true,
    receivedAt: createAt !== undefined ? new Date(createAt) : now(),
  };
  const nick = str(p.senderNick);
  if (nick) msg.userName = nick;
  if (group) msg.groupId = conversationId;

  const session: RobotSession = { conversationType, conversationId };
  const webhook = str(p.sessionWebhook);
  if (webhook) session.webhook = webhook;
  const exp = num(p.sessionWebhookExpiredTime);
  if (exp !== undefined) session.webhookExpiresAt = exp;
  if (senderStaffId) session.senderStaffId = senderStaffId;
  const robotCode = str(p.robotCode);
  if (robotCode) session.robotCode = robotCode;

  return unsupported ? { msg, session, files, unsupported } : { msg, session, files };
}

/** The normalized message of a robot callback; null for foreign, malformed, own or unreadable messages. */
export function parseRobotCallback(data: unknown, now?: () => Date, robotNames?: string[]): IncomingMessage | null {
  const r = parseRobotCallbackDetail(data, now, robotNames);
  return r && !r.unsupported ? r.msg : null;
}
