// When Redis is down a complaint must still get a number. It goes to a local fsync'd journal with a
// number from a local sequence (TS20261125-J0001: the "J" can never collide with Redis' numbers)
// and is replayed into Redis, history and all, as soon as Redis is back.
import { existsSync, readFileSync, renameSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../core/log.ts";
import type { Ticket, TicketEvent, NewTicket, DueDeadline } from "./types.ts";
import { type TicketStore, type ListQuery, type Mutation, type CreateOptions, StoreUnavailableError, formatTicketId, seqDay, materialize } from "./store.ts";
import { withFileLock, appendDurable } from "./file-lock.ts";
import type { RedisTicketStore } from "./redis-store.ts";
import { writeFileAtomicSync } from "../core/fs.ts";

interface JournalRecord {
  ticket: Ticket;
  events: TicketEvent[];
}

export class Journal {
  private readonly file: string;
  private readonly seqFile: string;
  private readonly lockPath: string;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, "journal.jsonl");
    this.seqFile = join(dir, "journal.seq.json");
    this.lockPath = join(dir, "journal.lock");
  }

  read(): JournalRecord[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as JournalRecord);
  }

  find(id: string): Ticket | null {
    return this.read().find((r) => r.ticket.id === id)?.ticket ?? null;
  }

  /** Writes the ticket durably before its number is shown to anyone. */
  async add(t: NewTicket): Promise<{ ticket: Ticket; created: boolean }> {
    return withFileLock(this.lockPath, () => {
      const dup = this.read().find((r) => r.ticket.dedupeKey === t.dedupeKey);
      if (dup) return { ticket: dup.ticket, created: false };
      const seq: Record<string, number> = existsSync(this.seqFile) ? JSON.parse(readFileSync(this.seqFile, "utf8")) : {};
      const day = seqDay(t.createdAt);
      seq[day] = (seq[day] ?? 0) + 1;
      writeFileAtomicSync(this.seqFile, JSON.stringify(seq));
      const ticket: Ticket = { ...materialize(t, formatTicketId(t.createdAt, seq[day], "J")), journaled: true };
      appendDurable(this.file, JSON.stringify({ ticket, events: [{ at: t.createdAt, type: "created", by: "system", note: "redis unavailable: journaled" }] }));
      return { ticket, created: true };
    });
  }

  /** Moves the replayed journal aside (kept for audit) so it is not replayed twice. */
  async drain(replay: (r: JournalRecord) => Promise<void>): Promise<number> {
    return withFileLock(this.lockPath, async () => {
      const records = this.read();
      for (const r of records) await replay(r);
      if (records.length) renameSync(this.file, join(this.dir, `journal.replayed.${Date.now()}.jsonl`));
      return records.length;
    });
  }
}

function toNewTicket(t: Ticket): NewTicket {
  const { id: _id, version: _v, status: _s, replies: _r, supplements: _sp, updatedAt: _u, ...rest } = t;
  return rest;
}

/** The Redis store with the journal in front of create(), as openTicketStore() builds it for ZWB_STORE=redis. */
export class JournaledTicketStore implements TicketStore {
  readonly kind = "journaled" as const;
  private replaying: Promise<number> | null = null;

  constructor(readonly redis: RedisTicketStore, readonly journal: Journal, private readonly log: Logger, private readonly now: () => Date = () => new Date()) {
    redis.client.on("ready", () => void this.replay().catch(() => undefined));
  }

  /** Replays the journal into Redis; resolves with the number of tickets moved. */
  replay(): Promise<number> {
    this.replaying ??= this.journal
      .drain(async (r) => {
        const replayed: TicketEvent = { at: this.now().toISOString(), type: "replayed", by: "system", note: "journal → redis" };
        const res = await this.redis.create(toNewTicket(r.ticket), { id: r.ticket.id, events: [...r.events, replayed] });
        if (res.ticket.id !== r.ticket.id) this.log.warn({ journaled: r.ticket.id, stored: res.ticket.id }, "journaled complaint was already in redis under another number");
      })
      .then((n) => {
        if (n) this.log.info({ tickets: n }, "journal replayed into redis");
        return n;
      })
      .catch((err) => {
        this.log.warn({ err }, "journal replay failed; will retry when redis is ready");
        throw err;
      })
      .finally(() => {
        this.replaying = null;
      });
    return this.replaying;
  }

  async create(t: NewTicket, opts?: CreateOptions): Promise<{ ticket: Ticket; created: boolean }> {
    try {
      return await this.redis.create(t, opts);
    } catch (e) {
      if (!(e instanceof StoreUnavailableError)) throw e;
      this.log.warn({ err: e }, "redis unavailable: complaint journaled locally");
      return this.journal.add(t);
    }
  }

  async get(id: string): Promise<Ticket | null> {
    try {
      return (await this.redis.get(id)) ?? this.journal.find(id);
    } catch (e) {
      if (e instanceof StoreUnavailableError) return this.journal.find(id);
      throw e;
    }
  }

  list(q?: ListQuery): Promise<Ticket[]> {
    return this.redis.list(q);
  }

  history(id: string): Promise<TicketEvent[]> {
    return this.redis.history(id);
  }

  async update(id: string, mutate: Mutation): Promise<Ticket> {
    if (this.journal.find(id)) throw new StoreUnavailableError(`ticket ${id} is waiting in the journal for redis`);
    return this.redis.update(id, mutate);
  }

  dueBefore(t: Date, limit: number): Promise<DueDeadline[]> {
    return this.redis.dueBefore(t, limit);
  }

  deadlineFeed(horizon: Date, pageSize: number): AsyncIterable<DueDeadline[]> {
    return this.redis.deadlineFeed(horizon, pageSize);
  }

  async close(): Promise<void> {
    await this.replaying?.catch(() => undefined);
    await this.redis.close();
  }
}
