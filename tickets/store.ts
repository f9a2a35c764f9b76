// The TicketStore port. Two adapters (Redis, embedded files) pass the same contract suite
// (tests/tickets/store.contract.ts); the service only ever sees this interface.
import type { Ticket, TicketEvent, NewTicket, DueDeadline, TicketStatus } from "./types.ts";
import { shanghaiDay } from "../core/time.ts";

export interface ListQuery {
  status?: TicketStatus | TicketStatus[];
  unit?: string;
  /** Only tickets with an unmet deadline due before this instant. */
  overdueAt?: Date;
  /** Only the tickets of one complainant (their owner hash). */
  ownerHash?: string;
  limit?: number;
}

/** A change to one ticket: the new ticket and the event that explains it (appended to history). */
export type Mutation = (t: Ticket) => { ticket: Ticket; event: Omit<TicketEvent, "at"> & { at?: string } } | null;

export interface CreateOptions {
  /** Replaying a journaled ticket keeps the number the user was given. */
  id?: string;
  events?: TicketEvent[];
  /** Epoch ms after which the caller no longer waits: a backend that gets to it later writes nothing. */
  notAfter?: number;
}

export interface TicketStore {
  readonly kind: "redis" | "sqlite" | "journaled";
  /** Idempotent on t.dedupeKey: the same message delivered twice yields one ticket (created=false). */
  create(t: NewTicket, opts?: CreateOptions): Promise<{ ticket: Ticket; created: boolean }>;
  get(id: string): Promise<Ticket | null>;
  list(q?: ListQuery): Promise<Ticket[]>;
  history(id: string): Promise<TicketEvent[]>;
  /** Applies the mutation atomically with respect to other writers; null from the mutation means no change. */
  update(id: string, mutate: Mutation): Promise<Ticket>;
  /** Unmet deadlines due before t, earliest first. */
  dueBefore(t: Date, limit: number): Promise<DueDeadline[]>;
  /**
   * Unmet deadlines due before the horizon, earliest first, page by page: what the reminder
   * scheduler reads each pass. An unreachable backend yields nothing (the next pass catches up).
   */
  deadlineFeed(horizon: Date, pageSize: number): AsyncIterable<DueDeadline[]>;
  close(): Promise<void>;
}

export class TicketNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`ticket ${id} not found`);
    this.name = "TicketNotFoundError";
  }
}

/** The backing store cannot be reached (Redis down); the journal catches creates. */
export class StoreUnavailableError extends Error {
  constructor(message: string, readonly cause?: unknown) {
    super(message);
    this.name = "StoreUnavailableError";
  }
}

export const TICKET_PREFIX = "TS";

/** TS20261125-0001; `marker` (e.g. "J") sets apart numbers that come from another sequence. */
export function formatTicketId(createdAt: string | Date, n: number, marker = ""): string {
  const day = shanghaiDay(new Date(createdAt)).replaceAll("-", "");
  return `${TICKET_PREFIX}${day}-${marker}${String(n).padStart(4, "0")}`;
}

export function seqDay(createdAt: string | Date): string {
  return shanghaiDay(new Date(createdAt)).replaceAll("-", "");
}

/** TS20261125-0001, and journal numbers with the instance's tag: TS20261125-JKQM0001. */
export const TICKET_ID_RE = /^TS\d{8}-[A-Z]{0,4}\d{4,}$/;

export function openDeadlines(t: Ticket): DueDeadline[] {
  return t.deadlines.filter((d) => !d.metAt).map((d) => ({ ticketId: t.id, kind: d.kind, round: d.round, dueAt: d.dueAt }));
}

/** Shared list filtering, so both adapters answer a query the same way. */
export function matches(t: Ticket, q: ListQuery): boolean {
  if (q.status) {
    const ss = Array.isArray(q.status) ? q.status : [q.status];
    if (!ss.includes(t.status)) return false;
  }
  if (q.unit && t.unit !== q.unit) return false;
  if (q.ownerHash && t.ownerHash !== q.ownerHash) return false;
  if (q.overdueAt) {
    const at = q.overdueAt.getTime();
    if (!t.deadlines.some((d) => !d.metAt && Date.parse(d.dueAt) < at)) return false;
  }
  return true;
}

export function materialize(t: NewTicket, id: string): Ticket {
  return { ...t, id, status: "open", replies: [], supplements: [], updatedAt: t.createdAt, version: 1 };
}
