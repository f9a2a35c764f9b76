// What the language layer (language/understand.ts) makes of a message, computed once at the head of
// the pipeline and carried in the typed context. Plain data: the kernel knows the shape, the
// language layer fills it, features route on it and never re-match the text themselves.

/** What a question asks for: which kind of fact answers it. */
export type Aspect = "timeLimit" | "date" | "units" | "target" | "material" | "condition" | "fee" | "place" | "procedure" | "frequency" | "general";

/**
 * What the message is, as the router reads it:
 * - question: a policy question for the knowledge base (possibly a follow-up of the kept topic);
 * - complaint: a grievance to ticket at once; maybe_complaint: one short question first;
 * - process: a question about how this platform handles complaints (answered from config/sla.json);
 * - smalltalk: greetings, thanks, praise, "what can you do", asking for a person;
 * - my_tickets: "how is my complaint doing" without a number;
 * - meta: a request for the bot's instructions; personal: a private matter no policy covers;
 * - pick / confirm / deny / supplement / withdraw: replies to what the bot asked or did last
 *   (a number for a suggestion, yes/no, more details for the ticket just made, taking it back).
 */
export type Intention =
  | "question"
  | "complaint"
  | "maybe_complaint"
  | "process"
  | "smalltalk"
  | "my_tickets"
  | "meta"
  | "personal"
  | "pick"
  | "confirm"
  | "deny"
  | "supplement"
  | "withdraw";

export type SmalltalkKind = "greeting" | "thanks" | "praise" | "capability" | "identity" | "human" | "farewell" | "ack";

/** One phrase-table entry that matched: which table, which entry, its weight and the text it matched. */
export interface Signal {
  table: string;
  id: string;
  weight: number;
  match: string;
  /** The entry's role inside its table (grievance: harm, actor, duration, demand…). */
  role?: string;
}

export interface Synonym {
  term: string;
  official: string[];
}

export interface Understanding {
  /** The message as read: Simplified Chinese, half-width, the bot's @-name off. */
  text: string;
  /** What retrieval searches: the text with typos corrected and, for a follow-up, the kept topic. */
  query: string;
  intent: Intention;
  /** How sure the reading is, 0..1. */
  confidence: number;
  /** The kinds of fact asked (for questions). */
  asked: Aspect[];
  /** The message's content words (what it is about). */
  topicTerms: string[];
  /** Official terms the thesaurus adds for the everyday words used (开公司 → 企业开办). */
  expansions: string[];
  /** The everyday words found and the official terms each stands for. */
  synonyms: Synonym[];
  signals: Signal[];
  /** Why, in Chinese, for logs and for administrators. */
  reasons: string[];
  smalltalk?: SmalltalkKind;
  /** For intent "process": which part of the complaint process is asked about. */
  process?: string;
  /** For intent "pick": the 1-based number of the suggestion chosen. */
  pick?: number;
  /** The question leans on the conversation's kept topic (那…呢?, 这个…). */
  followup?: boolean;
  /** Typo corrections made, "用睡→用水". */
  corrections?: string[];
}
