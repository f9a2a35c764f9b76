// The scheduler's durable memory, one port with a Redis and an embedded adapter: send markers (claim
// with a lease, then sent/retry/failed), the retry queue, and the task switches.
import type { Address } from "../core/message.ts";

/** A marker's value: "claimed:<owner>" while a send is in flight, then one of these for good. */
export type FinalMark = "sent" | "retry" | "failed" | "skipped";

export interface RetryRecord {
  /** The target key: one push of one step to one person. */
  id: string;
  stepKey: string;
  to: Address;
  text: string;
  /** "relay": a message a handler sent (e.g. an officer's reply to a complainant) that failed. */
  source: { type: "ticket" | "task" | "relay"; id: string; kind: string; round: string };
  /** Failed attempts so far. */
  attempts: number;
  nextAt: string;
  lastError: string;
}

export interface TaskState {
  enabled: boolean;
  enabledAt?: string;
  /** One-off tasks: when it was reported done. */
  doneAt?: string;
  /** Recurring tasks: the due day of the last occurrence reported done. */
  doneThrough?: string;
  by?: string;
  updatedAt: string;
}

export interface ReminderState {
  readonly kind: "redis" | "sqlite";
  /** The marker of each key (null = never claimed). */
  marks(keys: string[]): Promise<(string | null)[]>;
  /** Takes a key for `leaseMs` unless anyone holds or finished it: the exactly-once gate. */
  claim(key: string, owner: string, leaseMs: number): Promise<boolean>;
  mark(key: string, value: FinalMark): Promise<void>;
  putRetry(r: RetryRecord): Promise<void>;
  dueRetries(now: Date, limit: number): Promise<RetryRecord[]>;
  dropRetry(id: string): Promise<void>;
  taskStates(): Promise<Record<string, TaskState>>;
  putTaskState(id: string, s: TaskState): Promise<void>;
  close(): Promise<void>;
}

/** How long a final marker is kept: longer than any deadline's ladder. */
export const MARK_TTL_SECONDS = 400 * 86_400;

export function isFinal(mark: string | null): boolean {
  return mark !== null && !mark.startsWith("claimed:");
}
