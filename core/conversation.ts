// Kernel type. What the bot keeps of a conversation between two messages — the topic, what it offered or asked,
// the ticket just made — and nothing more: no message text beyond what a pending step needs, and that
// with phone and ID numbers removed (core/privacy.ts) before it is stored.
import type { Aspect } from "./understanding.ts";

export interface Topic {
  /** The standalone question the topic came from, as read (Simplified, half-width). */
  query: string;
  /** Its content words, without the words that only say what was asked. */
  terms: string[];
  asked: Aspect[];
  /** Measures the answer cited, main one first. */
  measureIds: string[];
  docId?: string;
  /** A place the question named (郾城, 徐圩…). */
  place?: string;
  at: string;
}

export interface SuggestionOption {
  measureId: string;
  /** How the option was shown ("《…》13 推进市政公用服务便利化"). */
  label: string;
}

export type Pending =
  /** "您是不是想问：1.… 2.…": a number picks one. */
  | { kind: "suggest"; options: SuggestionOption[]; query: string; asked: Aspect[]; at: string }
  /** "需要我为您登记投诉工单吗？": yes registers `text` (phone/ID numbers already removed). */
  | { kind: "confirm-complaint"; text: string; at: string }
  /** The policy distinguishes cases the question did not say: a short answer completes it. */
  | { kind: "clarify"; query: string; asked: Aspect[]; measureIds: string[]; cases: string[]; at: string }
  /** "算了，撤销吧" asked for confirmation. */
  | { kind: "withdraw"; ticketId: string; at: string };

export interface Conversation {
  v: 1;
  topic?: Topic;
  pending?: Pending;
  /** The ticket this person made last in this conversation (details and withdrawal join it). */
  lastTicket?: { id: string; at: string };
  updatedAt: string;
}
