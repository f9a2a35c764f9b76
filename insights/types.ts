// What the question log keeps, and the port its two adapters (Redis when configured, an embedded
// SQLite file otherwise) implement. Everything here is already masked and pseudonymous: the text
// with phone and ID numbers masked, the person only as the HMAC user key.
import type { ChannelName, Outcome } from "../core/message.ts";

/** What a person said of an answer: 有用 / 没用 / 不对. */
export type Rating = "useful" | "useless" | "wrong";

export interface LoggedQuestion {
  /** Unique id of this reply; feedback binds to it. */
  id: string;
  /** Epoch milliseconds. */
  at: number;
  /** Beijing calendar day, "YYYY-MM-DD" (what the figures are counted by). */
  day: string;
  channel: ChannelName;
  /** HMAC user key (core/user-key.ts), never the user id. */
  user: string;
  /** The message, phone and ID numbers masked, at most MAX_TEXT characters. */
  text: string;
  /** The text folded for grouping (width, case, punctuation, the bot's name). */
  norm: string;
  outcome: Outcome;
  confidence: number | null;
  /** Measure ids the reply cited or offered, best first. */
  offered: string[];
  /** The knowledge-base version that answered. */
  kb: string | null;
  /** Set on an answer that picked one of the measures a suggestion just offered: that suggestion. */
  pickOf?: { id: string; day: string; norm: string; offered: string[] };
}

export interface FeedbackRecord {
  id: string;
  at: number;
  day: string;
  user: string;
  /** The reply rated, and its Beijing day (a rated answer counts as unanswered on the day it was asked). */
  answerId: string;
  answerDay: string;
  rating: Rating;
  /** Of the reply rated, so the unanswered view needs no second look-up. */
  norm: string;
  text: string;
  offered: string[];
  outcome: Outcome;
}

/** The last reply a person got, for binding feedback and noticing a picked suggestion. */
export interface LastReply {
  id: string;
  at: number;
  outcome: Outcome;
  offered: string[];
  text: string;
  norm: string;
  /** Already rated: a second 有用 is thanked, not counted twice. */
  rated?: Rating;
}

/** Counts of one Beijing day. */
export interface DayCounts {
  day: string;
  outcomes: Partial<Record<Outcome, number>>;
  feedback: Partial<Record<Rating, number>>;
}

export type UnansweredReason = "refuse" | "suggest" | "clarify" | "rated";

/** One distinct question (by folded text and measures offered) that was not answered. */
export interface UnansweredItem {
  norm: string;
  text: string;
  offered: string[];
  count: number;
  last: number;
  reasons: UnansweredReason[];
}

export interface QuestionStore {
  readonly kind: "redis" | "sqlite";
  /** Appends a batch; also marks the suggestions the batch's answers picked. */
  append(batch: LoggedQuestion[]): Promise<void>;
  feedback(f: FeedbackRecord): Promise<void>;
  /** The person's last logged reply (null when none within the store's memory). */
  lastOf(user: string): Promise<LastReply | null>;
  /** Day by day, fromDay..toDay inclusive (Beijing days). */
  days(fromDay: string, toDay: string): Promise<DayCounts[]>;
  /** Measures most often cited by answers in the days. */
  topMeasures(fromDay: string, toDay: string, n: number): Promise<{ measureId: string; count: number }[]>;
  /** Distinct unanswered questions of the days, most asked first, at most `limit`. */
  unanswered(fromDay: string, toDay: string, limit: number): Promise<UnansweredItem[]>;
  /** The newest entries, newest first (tests, the console's recent view). */
  recent(limit: number): Promise<LoggedQuestion[]>;
  /** Drops what is older than the retention; returns how many entries went. */
  trim(before: number): Promise<number>;
  close(): Promise<void>;
}

export const MAX_TEXT = 500;
