// The one shape every door turns its events into, and the one shape every handler answers with.
// Channels know their vendor payloads; nothing past this file knows which channel it serves.

/** Every door the bot has; config files and the pipeline validate against this one list. */
export const CHANNELS = ["local", "http", "wechat", "dingtalk"] as const;
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
}

export type Intent = "question" | "complaint" | "command" | "other";

export interface Citation {
  doc: string;
  title: string;
  section: string;
  text: string;
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

export interface Reply {
  intent: Intent;
  text: string;
  grounded: boolean;
  citations: Citation[];
  ticket: TicketView | null;
  /** Messages to other people caused by this one (e.g. an officer's reply relayed to the complainant). */
  pushes: Push[];
  /** A redelivery of a message already answered: doors that already sent the answer send nothing. */
  duplicate?: boolean;
}

export function textReply(intent: Intent, text: string, extra: Partial<Reply> = {}): Reply {
  return { intent, text, grounded: false, citations: [], ticket: null, pushes: [], ...extra };
}
