// The ticket as stored: one complaint, its routing, its clocks and where replies go.
import type { Address } from "../core/message.ts";

export type AttachmentKind = "image" | "file" | "voice" | "video";

/** What the ticket records of an attachment; the bytes live in the attachment folder (tickets/attachments.ts). */
export interface AttachmentMeta {
  id: string;
  kind: AttachmentKind;
  /** The sender's file name (cleaned), or one made from the type. */
  name: string;
  /** MIME type found in the bytes. */
  type: string;
  size: number;
  sha256: string;
  at: string;
  /** File name inside the ticket's attachment folder. */
  file: string;
}

export type TicketStatus = "open" | "accepted" | "replied" | "resolved" | "closed" | "reopened";

export const STATUS_ZH: Record<TicketStatus, string> = {
  open: "待受理",
  accepted: "办理中",
  replied: "已答复",
  resolved: "已办结,待评价",
  closed: "已办结",
  reopened: "重新办理中",
};

/** The event that stops a clock. */
export type ClockStop = "accept" | "reply" | "resolve" | "followup";

export interface Deadline {
  kind: string; // accept | plan | reply | resolve | followup (names from config/sla.json)
  /** 1 for the first round, 2+ after a complaint is reopened. */
  round: number;
  dueAt: string; // ISO instant (end of the Shanghai day)
  rule: string;
  provisional: boolean;
  stopsOn: ClockStop;
  metAt?: string;
}

export interface Ticket {
  id: string;
  dedupeKey: string;
  status: TicketStatus;
  category: string;
  unit: string;
  priority: "normal" | "high";
  /** Real-name reports of 官商勾结/为官不为: 优先办理、100%核查. */
  verifyAll: boolean;
  realName: boolean;
  anonymous: boolean;
  text: string;
  /** Where replies are pushed; null for anonymous complaints (no contact is kept). */
  complainant: Address | null;
  /** sha256 of "channel:userId", so an anonymous complainant can still query and rate. */
  ownerHash: string;
  createdAt: string;
  updatedAt: string;
  deadlines: Deadline[];
  replies: { at: string; by: string; text: string }[];
  supplements: { at: string; text: string }[];
  rating?: "satisfied" | "unsatisfied";
  /** Pictures, files and voice the complainant sent for it (bytes under ZWB_DATA_DIR/attachments/<id>/). */
  attachments?: AttachmentMeta[];
  /** Every rating with its time (满意率 and 重办率 count them by when they were given). */
  ratings?: { at: string; satisfied: boolean }[];
  /** Internal notes of the handling staff (console); never relayed to the complainant. */
  notes?: { at: string; by: string; text: string }[];
  /** Set when the ticket was written to the local journal while Redis was down. */
  journaled?: boolean;
  version: number;
}

export interface TicketEvent {
  at: string;
  type: "created" | "accepted" | "replied" | "transferred" | "resolved" | "rated" | "supplemented" | "reopened" | "followed_up" | "replayed" | "recalculated" | "attached" | "noted";
  by: string; // "channel:userId" or "system"
  note?: string;
}

/** History event types as people read them (CLI, exports). */
export const EVENT_ZH: Record<TicketEvent["type"], string> = {
  created: "登记",
  accepted: "受理",
  replied: "答复",
  transferred: "转办",
  resolved: "办结",
  rated: "评价",
  supplemented: "补充材料",
  reopened: "重新办理",
  followed_up: "回访",
  replayed: "补录",
  recalculated: "重算期限",
  attached: "附件",
  noted: "备注",
};

/** What create() needs: everything but what the store assigns. */
export type NewTicket = Omit<Ticket, "id" | "version" | "status" | "replies" | "supplements" | "updatedAt">;

export interface DueDeadline {
  ticketId: string;
  kind: string;
  round: number;
  dueAt: string;
}
