// Everything with a side effect arrives through Deps, so tests swap the clock or the store, never the code path.
import type { Config } from "./config.ts";
import type { Logger } from "./logger.ts";
import type { KnowledgeService } from "../knowledge/service.ts";
import type { Llm } from "../knowledge/answer/llm.ts";
import type { TicketService } from "../tickets/service.ts";
import type { Pusher } from "../reminders/pusher.ts";
import type { Address } from "./message.ts";
import type { AuditLog } from "./admin/audit.ts";

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private t: Date) {}
  now(): Date {
    return new Date(this.t);
  }
  set(t: Date | string): void {
    this.t = new Date(t);
  }
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
}

export interface Deps {
  config: Config;
  log: Logger;
  clock: Clock;
  kb: KnowledgeService;
  /** null when no LLM is configured: answers are then extractive only. */
  llm: Llm | null;
  tickets: TicketService;
  pusher: Pusher;
  /** Puts a message that failed to send on the durable retry queue (absent: failures are only reported). */
  requeue?: (to: Address, text: string, err: unknown) => Promise<void>;
  /** Administrative actions (and refusals) are written here; absent in narrow unit tests. */
  audit?: AuditLog;
}
