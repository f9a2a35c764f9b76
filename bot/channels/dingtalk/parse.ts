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

export interface ParsedRobotCallback {
  msg: IncomingMessage;
  session: RobotSession;
  /** Set when the message kind carries no text we can answer (picture, file, video...). */
  unsupported?: string;
}

type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const num = (v: unknown): number | undefined => {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
};

/**
 * Removes @mentions the client leaves in the text. DingTalk usually strips the robot's own
 * @name, but not always (and never other people's); an @ only counts as a mention when it
 * starts the text or follows whitespace, so "a@b.com" and "请@张三处理" keep their @.
 */
export function stripMentions(text: string, names: string[] = []): string {
  let t = text;
  for (const n of names.filter(Boolean)) t = t.split(`@${n}`).join(" ");
  t = t.replace(/(^|\s)@[^\s@]+(?=\s|$)/gu, "$1");
  return t.replace(/[\u00a0\u2005\u3000]/g, " ").replace(/[ \t]+/g, " ").replace(/ *\n */g, "\n").trim();
}

function extractText(d: Json): { text: string; unsupported?: string } {
  const type = str(d.msgtype) ?? "text";
  if (type === "text") {
    const t = d.text as Json | undefined;
    return { text: str(t?.content) ?? "" };
  }
  const content = (typeof d.content === "object" && d.content !== null ? d.content : {}) as Json;
  if (type === "richText") {
    const parts = Array.isArray(content.richText) ? (content.richText as Json[]) : [];
    const text = parts.map((p) => str(p?.text) ?? "").join("");
    return text.trim() ? { text } : { text: "", unsupported: type };
  }
  if (type === "audio") {
    // DingTalk transcribes voice messages itself; the transcript is as good as typed text.
    const text = str(content.recognition) ?? "";
    return text.trim() ? { text } : { text: "", unsupported: type };
  }
  return { text: "", unsupported: type };
}

/** Full parse: the normalized message plus how to answer it. null when it must be ignored. */
export function parseRobotCallbackDetail(data: unknown, now: () => Date = () => new Date()): ParsedRobotCallback | null {
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
  const { text: raw, unsupported } = extractText(p);
  const robotName = str(p.robotName) ?? str(p.chatbotName);
  const text = stripMentions(raw, robotName ? [robotName] : []);
  const createAt = num(p.createAt);

  const msg: IncomingMessage = {
    channel: "dingtalk",
    messageId: msgId,
    userId,
    text,
    // DingTalk only delivers group messages that @ the robot, but a missing flag means no.
    mentioned: group ? p.isInAtList === true : true,
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

  return unsupported ? { msg, session, unsupported } : { msg, session };
}

/** The normalized message of a robot callback; null for foreign, malformed, own or non-text messages. */
export function parseRobotCallback(data: unknown, now?: () => Date): IncomingMessage | null {
  const r = parseRobotCallbackDetail(data, now);
  return r && !r.unsupported ? r.msg : null;
}
