// The one shape every door turns its events into, and the one shape every handler answers with.
// Channels know their vendor payloads; nothing past this file knows which channel it serves.

/** Every door the bot has; config files and the pipeline validate against this one list. */
export const CHANNELS = ["local", "http", "wechat", "dingtalk", "wecom"] as const;
export type ChannelName = (typeof CHANNELS)[number];

export interface IncomingMessage {
  channel: ChannelName;
  /** The channel's own id for this delivery; the same id delivered twice is processed once. */
  messageId: string;
  /** Stable sender id within the channel (wechat contact id, dingtalk staff/union id, local name). */
  userId: string;
  userName?: string;
  /** Group/room/conversation id when the message came from a group chat. */
  groupId?: string;
  text: string;
  /** True when the bot was @-mentioned (always true in one-to-one chats). */
  mentioned: boolean;
  receivedAt: Date;
  /** Pictures, files and voice the message carried; `text` then holds only what was typed (or transcribed). */
  attachments?: Attachment[];
}

/**
 * Something sent with a message that is not text. The door knows how to download it; nothing past
 * the door knows from where. `fetch` never returns more than `maxBytes` (it throws
 * AttachmentTooLargeError from core/attachment.ts instead) and may be called at most a few times.
 */
export interface Attachment {
  kind: "image" | "file" | "voice" | "video";
  /** The file name the sender's client gave, when it gave one. */
  name?: string;
  /** Size announced by the platform, when it announces one (the download is the truth). */
  size?: number;
  fetch(maxBytes: number): Promise<Buffer>;
}

/**
 * One key per delivery: channel, sender and message id. ":" and "%" inside a part are escaped, so user
 * "corp" with id "alice:m1" and user "corp:alice" with id "m1" never share a key; parts without them
 * read as before ("local:u1:m1").
 */
export function deliveryKey(channel: string, userId: string, messageId: string): string {
  const esc = (s: string) => s.replace(/%/g, "%25").replace(/:/g, "%3A");
  return `${esc(channel)}:${esc(userId)}:${esc(messageId)}`;
}

export type Intent = "question" | "complaint" | "command" | "other";

export interface Citation {
  doc: string;
  title: string;
  section: string;
  text: string;
  /** The knowledge-base measure quoted, when the citation is one. */
  measureId?: string;
}

export interface TicketDeadlineView {
  kind: string;
  dueAt: string;
  rule: string;
  provisional?: boolean;
}

export interface TicketView {
  id: string;
  unit: string;
  category: string;
  deadlines: TicketDeadlineView[];
}

/** Where a proactive message goes: a user on a channel. */
export interface Address {
  channel: ChannelName;
  userId: string;
  groupId?: string;
}

export interface Push {
  to: Address;
  text: string;
}

/**
 * How a message was answered, as the question log and the insights count it: a cited answer, closest
 * items offered ("您是不是想问"), a refusal (nothing related), a question asked back, a ticket made,
 * a command run, small talk.
 */
export type Outcome = "answer" | "suggest" | "refuse" | "clarify" | "complaint" | "command" | "smalltalk";

export interface Reply {
  intent: Intent;
  /** Set by the handler that answered; absent only for silence. */
  outcome?: Outcome;
  /** The handler's confidence in its reading of the message, 0..1, where it has one. */
  confidence?: number;
  /** Knowledge-base measure ids the reply cites or offers, for the question log. */
  offered?: string[];
  text: string;
  grounded: boolean;
  citations: Citation[];
  ticket: TicketView | null;
  /** Messages to other people caused by this one (e.g. an officer's reply relayed to the complainant). */
  pushes: Push[];
  /** A redelivery of a message already answered: doors that already sent the answer send nothing. */
  duplicate?: boolean;
}

const OUTCOME_OF: Record<Intent, Outcome | undefined> = { command: "command", complaint: "complaint", question: undefined, other: undefined };

export function textReply(intent: Intent, text: string, extra: Partial<Reply> = {}): Reply {
  const outcome = OUTCOME_OF[intent];
  return { intent, text, grounded: false, citations: [], ticket: null, pushes: [], ...(outcome ? { outcome } : {}), ...extra };
}
