// What every feature may use. Everything with a side effect arrives here, built once by the
// composition root (bot/root/), so tests swap the clock or the store, never the code path.
import type { Logger } from "../core/log.ts";
import type { Clock } from "../core/clock.ts";
import type { Address } from "../core/message.ts";
import type { Pusher } from "../core/delivery.ts";
import type { AuditTrail } from "../core/audit.ts";
import type { BackgroundJob } from "../core/feature.ts";
import type { Context, Middleware } from "../core/context.ts";
import type { Feature } from "../core/feature.ts";
import type { KnowledgeService } from "../knowledge/service.ts";
import type { Llm } from "../knowledge/answer/llm.ts";
import type { TicketService } from "../tickets/service.ts";
import type { TaskService } from "../reminders/task-service.ts";
import type { QuestionLog } from "../insights/question-log.ts";
import type { RedisClient } from "../tickets/redis-store.ts";
import type { RedisHealth } from "../tickets/redis-health.ts";
import type { LanguageRuntime } from "../language/index.ts";

/** The few settings features read, mapped from the parsed environment by the composition root. */
export interface Settings {
  /** "channel:userId" of administrators (ZWB_ADMIN_IDS). */
  adminIds: readonly string[];
  /** Messages per sender per minute before the polite notice. */
  rateLimitPerMinute: number;
  /** The names people @ the bot by, stripped from the start of a message. */
  botNames: readonly string[];
  /** Largest picture/file a complainant may attach to a ticket, in bytes. */
  attachmentMaxBytes?: number;
}

export interface Deps {
  log: Logger;
  clock: Clock;
  settings: Settings;
  kb: KnowledgeService;
  /** The language layer: phrase tables, the thesaurus in force, typo correction against the corpus. */
  language: LanguageRuntime;
  /** null when no LLM is configured: answers are then extractive only. */
  llm: Llm | null;
  tickets: TicketService;
  /** Policy tasks (dated duties found in the documents). */
  tasks: TaskService;
  /** Deadline reminders, run as background work by the reminders feature. */
  scheduler: BackgroundJob;
  /** The weekly report's Monday push to the supervising office's leaders (background work too). */
  weeklyReport: BackgroundJob;
  pusher: Pusher;
  /** Puts a message that failed to send on the durable retry queue; null: failures are only reported. */
  requeue: ((to: Address, text: string, err: unknown) => Promise<void>) | null;
  /** Administrative actions (and refusals) are recorded here. */
  audit: AuditTrail;
  /** Every reply is logged here once (bot/app.ts); features read it to bind feedback to an answer. */
  questions: QuestionLog;
  /** The Redis that instances share (guards keep dedupe and rate windows there); null or absent: in-process. */
  shared?: { client: RedisClient; prefix: string; health: RedisHealth } | null;
}

export type AppContext = Context<Deps>;
export type AppMiddleware = Middleware<Deps>;
export type AppFeature = Feature<Deps>;
