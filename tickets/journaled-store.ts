// The Redis store with the journal in front of create(), as openTicketStore() builds it when tickets
// live in Redis. Any create that Redis does not confirm (down, frozen past the command timeout,
// LOADING, OOM, READONLY…) is journaled; the journal is replayed when Redis answers again and every few
// seconds while anything waits, so a Redis that refuses writes for a while (OOM) is retried too.
//
// Numbers: a replayed ticket keeps its journal number. When Redis already holds the same delivery under
// another number (a create that Redis ran after the caller had given up on it), the journal number
// becomes an alias of that one, so both find the ticket, and the complainant and the unit are told.
import type { Logger } from "../core/log.ts";
import type { Ticket, TicketEvent, NewTicket, DueDeadline } from "./types.ts";
import { type TicketStore, type ListQuery, type Mutation, type CreateOptions, StoreUnavailableError } from "./store.ts";
import type { RedisTicketStore } from "./redis-store.ts";
import type { Journal, JournalRecord } from "./journal.ts";
import type { RedisHealth } from "./redis-health.ts";
import { isUnavailable } from "./redis-errors.ts";

/** A journaled complaint that reached Redis: its officers can be told now, under its final number. */
export interface Replayed {
  journalId: string;
  ticket: Ticket;
  /** The final number differs from the one the complainant was given. */
  changed: boolean;
}

export interface JournaledOptions {
  /** How long a create waits for Redis before journaling, in ms (the command timeout). */
  waitMs?: number;
  /** How often pending records are retried while Redis is up but refusing (OOM, READONLY). */
  retryEveryMs?: number;
}

function toNewTicket(t: Ticket): NewTicket {
  const { id: _id, version: _v, status: _s, replies: _r, supplements: _sp, updatedAt: _u, journaled: _j, ...rest } = t;
  return rest;
}

export class JournaledTicketStore implements TicketStore {
  readonly kind = "journaled" as const;
  private replaying: Promise<number> | null = null;
  private readonly listeners: ((r: Replayed) => Promise<void> | void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  private offRecover: (() => void) | null = null;
  private closed = false;
  private readonly waitMs: number;

  constructor(
    readonly redis: RedisTicketStore,
    readonly journal: Journal,
    readonly health: RedisHealth,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
    o: JournaledOptions = {},
  ) {
    this.waitMs = o.waitMs ?? 2000;
    this.retryEveryMs = o.retryEveryMs ?? 3000;
  }

  private readonly retryEveryMs: number;

  /**
   * Replays from now on: when Redis answers again, and every few seconds while anything waits. Called
   * once the listeners are in place (the composition root), so no replayed complaint goes untold.
   */
  startReplay(): void {
    if (this.timer || this.closed) return;
    this.offRecover = this.health.onRecover(() => void this.replay().catch(() => undefined));
    this.timer = setInterval(() => {
      if (this.health.up && this.journal.pendingCount() > 0) void this.replay().catch(() => undefined);
    }, this.retryEveryMs);
    this.timer.unref();
    if (this.health.up && this.journal.pendingCount() > 0) void this.replay().catch(() => undefined);
  }

  /** Called for each replayed complaint (the composition root sends the officers' notices). */
  onReplayed(fn: (r: Replayed) => Promise<void> | void): void {
    this.listeners.push(fn);
  }

  /** Replays the journal into Redis; resolves with the number of tickets moved. */
  replay(): Promise<number> {
    if (this.closed) return Promise.resolve(0);
    this.replaying ??= this.drain()
      .then((n) => {
        if (n) this.log.info({ tickets: n }, "journal replayed into redis");
        return n;
      })
      .catch((err) => {
        this.health.report((err as StoreUnavailableError).cause ?? err);
        this.log.warn({ err }, "journal replay interrupted; it resumes when redis answers");
        throw err;
      })
      .finally(() => {
        this.replaying = null;
      });
    return this.replaying;
  }

  /** Claims this folder's tag in Redis, so no other instance numbers journal entries with it. */
  private async claimTag(): Promise<void> {
    if (this.journal.tagClaimed) return;
    const client = this.redis.client;
    const key = `${this.redis.prefix}journal:tags`;
    for (let i = 0; i < 20; i++) {
      const tag = this.journal.tag;
      const won = await client.hSetNX(key, tag, this.journal.folderId);
      if (won || (await client.hGet(key, tag)) === this.journal.folderId) return this.journal.markTagClaimed();
      const old = tag;
      this.journal.retag();
      this.log.warn({ tag: old, now: this.journal.tag }, "journal tag already taken by another instance; using a new one");
    }
  }

  private async drain(): Promise<number> {
    await this.claimTag();
    let moved = 0;
    const tried = new Set<string>();
    for (;;) {
      const batch = this.journal.lease(100).filter((r) => !tried.has(r.id));
      if (!batch.length) return moved;
      for (const r of batch) {
        tried.add(r.id);
        try {
          await this.replayOne(r);
          moved++;
        } catch (err) {
          this.journal.release(r.id);
          // Redis away again: stop, everything left waits for the next recovery.
          if (isUnavailable(err instanceof StoreUnavailableError ? err.cause : err)) {
            for (const left of batch) this.journal.release(left.id);
            throw err;
          }
          // A record Redis refuses for another reason stays in the journal and does not block the rest.
          this.log.error({ err, journaled: r.id }, "journaled complaint could not be replayed; it stays in the journal");
        }
      }
    }
  }

  private async replayOne(r: JournalRecord): Promise<void> {
    const at = this.now().toISOString();
    const replayed: TicketEvent = { at, type: "replayed", by: "system", note: "journal → redis" };
    const res = await this.redis.create(toNewTicket(r.ticket), { id: r.id, events: [...r.events, replayed] });
    const finalId = res.ticket.id;
    const changed = finalId !== r.id;
    if (changed && !res.created) {
      // The same delivery is in Redis already (run after its caller gave up): the journal number
      // the complainant holds becomes a second name of it.
      await this.redis.setAlias(r.id, finalId);
    }
    if (changed) this.log.warn({ journaled: r.id, stored: finalId }, "journaled complaint stored under another number; complainant and unit are told");
    // Notices before the mark: a crash in between repeats a notice rather than losing it.
    for (const fn of this.listeners) await fn({ journalId: r.id, ticket: res.ticket, changed });
    this.journal.markReplayed(r.id, finalId, at);
  }

  async create(t: NewTicket, opts: CreateOptions = {}): Promise<{ ticket: Ticket; created: boolean }> {
    // A redelivery of a complaint still waiting in the journal is that complaint, not a new one.
    const waiting = this.journal.findByDedupe(t.dedupeKey);
    if (waiting && !waiting.replayedAt) return { ticket: waiting.ticket, created: false };
    if (this.health.up) {
      try {
        return await this.redis.create(t, { ...opts, notAfter: Date.now() + this.waitMs / 2 });
      } catch (e) {
        this.health.report(e instanceof StoreUnavailableError ? e.cause : e);
        this.log.warn({ err: e }, "redis did not take the complaint: journaled locally");
      }
    }
    return this.journal.add(t);
  }

  /** The ticket under this number or the journal number it was given; while Redis is away, the journal's copy. */
  async get(id: string): Promise<Ticket | null> {
    const rec = this.journal.find(id);
    if (this.health.up && !(rec && !rec.replayedAt)) {
      try {
        const t = await this.redis.get(rec?.finalId ?? id);
        if (t) return t;
        const alias = await this.redis.aliasOf(id);
        const a = alias ? await this.redis.get(alias) : null;
        if (a) return a;
      } catch (e) {
        if (!(e instanceof StoreUnavailableError)) throw e;
        this.health.report(e.cause);
      }
    }
    return rec?.ticket ?? null;
  }

  /** The number a ticket is stored under in Redis (a journal number may be an alias). */
  private async resolve(id: string): Promise<string> {
    const rec = this.journal.find(id);
    if (rec && !rec.replayedAt) throw new StoreUnavailableError(`ticket ${id} is waiting in the journal for redis`);
    if (rec?.finalId) return rec.finalId;
    if (/-J/.test(id) && !(await this.redis.get(id))) return (await this.redis.aliasOf(id)) ?? id;
    return id;
  }

  list(q?: ListQuery): Promise<Ticket[]> {
    return this.redis.list(q);
  }

  async history(id: string): Promise<TicketEvent[]> {
    return this.redis.history(await this.resolve(id).catch(() => id));
  }

  async update(id: string, mutate: Mutation): Promise<Ticket> {
    return this.redis.update(await this.resolve(id), mutate);
  }

  dueBefore(t: Date, limit: number): Promise<DueDeadline[]> {
    return this.redis.dueBefore(t, limit);
  }

  deadlineFeed(horizon: Date, pageSize: number): AsyncIterable<DueDeadline[]> {
    if (!this.health.up) return (async function* () {})();
    return this.redis.deadlineFeed(horizon, pageSize);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.offRecover?.();
    await this.replaying?.catch(() => undefined);
    await this.redis.close();
  }
}
