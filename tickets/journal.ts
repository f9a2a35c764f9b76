// When Redis cannot take a complaint it must still get a number. It goes to the journal, a table of
// the data folder's SQLite database (one transaction, O(1), fsync'd before the number is shown), and
// is replayed into Redis, history and all, once Redis answers again (tickets/journaled-store.ts).
//
// Journal numbers cannot collide across instances: they carry this data folder's tag, three letters
// claimed once in Redis (TS20261125-JKQM0001), and a sequence per tag and day kept in the same
// database. Two processes sharing a data folder share its tag and sequence; two folders never share a
// tag once either has reached Redis.
import { randomInt, randomUUID } from "node:crypto";
import type { Ticket, TicketEvent, NewTicket } from "./types.ts";
import { formatTicketId, materialize, seqDay } from "./store.ts";
import { GroupCommit, Meta, type Db } from "./db.ts";

export interface JournalRecord {
  /** The number the complainant was given. */
  id: string;
  ticket: Ticket;
  events: TicketEvent[];
  /** When it reached Redis, and under which number (normally the same). */
  replayedAt: string | null;
  finalId: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS journal (
  id TEXT PRIMARY KEY,
  dedupe TEXT NOT NULL UNIQUE,
  ticket TEXT NOT NULL,
  events TEXT NOT NULL,
  added_ms INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  replayed_at TEXT,
  final_id TEXT
);
CREATE INDEX IF NOT EXISTS journal_pending ON journal (replayed_at, added_ms);
CREATE TABLE IF NOT EXISTS journal_seq (tag_day TEXT PRIMARY KEY, n INTEGER NOT NULL);
`;

// No I or O: they are read as 1 and 0 over the phone.
const TAG_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";
export const newTag = (): string => Array.from({ length: 3 }, () => TAG_LETTERS[randomInt(TAG_LETTERS.length)]).join("");

interface Row {
  id: string;
  ticket: string;
  events: string;
  replayed_at: string | null;
  final_id: string | null;
}

const toRecord = (r: Row): JournalRecord => ({ id: r.id, ticket: JSON.parse(r.ticket), events: JSON.parse(r.events), replayedAt: r.replayed_at, finalId: r.final_id });

export class Journal {
  private readonly writes: GroupCommit;
  private readonly meta: Meta;
  private readonly q;
  /** Who holds a replay lease: this process. */
  readonly owner = randomUUID();

  constructor(readonly db: Db) {
    db.exec(SCHEMA);
    this.meta = new Meta(db);
    this.writes = new GroupCommit(db);
    this.q = {
      byId: db.prepare<[string], Row>("SELECT id, ticket, events, replayed_at, final_id FROM journal WHERE id = ?"),
      byDedupe: db.prepare<[string], Row>("SELECT id, ticket, events, replayed_at, final_id FROM journal WHERE dedupe = ?"),
      insert: db.prepare("INSERT INTO journal (id, dedupe, ticket, events, added_ms) VALUES (@id, @dedupe, @ticket, @events, @added)"),
      seq: db.prepare<[string], { n: number }>("INSERT INTO journal_seq (tag_day, n) VALUES (?, 1) ON CONFLICT(tag_day) DO UPDATE SET n = n + 1 RETURNING n"),
      free: db.prepare<[string, number, number], Row>(
        "SELECT id, ticket, events, replayed_at, final_id FROM journal WHERE replayed_at IS NULL AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?) ORDER BY added_ms, id LIMIT ?",
      ),
      countPending: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM journal WHERE replayed_at IS NULL"),
      lease: db.prepare<[string, number, string]>("UPDATE journal SET lease_owner = ?, lease_until = ? WHERE id = ?"),
      done: db.prepare<[string, string, string]>("UPDATE journal SET replayed_at = ?, final_id = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?"),
      release: db.prepare<[string, string]>("UPDATE journal SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?"),
      tagUsed: db.prepare<[string], { x: number }>("SELECT 1 AS x FROM journal_seq WHERE tag_day LIKE ? || ':%' LIMIT 1"),
    };
  }

  private cachedTag: string | null = null;

  /** This data folder's tag; made on first use. */
  get tag(): string {
    return (this.cachedTag ??= this.meta.getOrSet("journal.tag", newTag, this.db));
  }

  /** Identifies this data folder when its tag is claimed in Redis. */
  get folderId(): string {
    return this.meta.getOrSet("folder.id", () => randomUUID(), this.db);
  }

  get tagClaimed(): boolean {
    return this.meta.get("journal.tagClaimed") === this.tag;
  }

  /** Records that Redis holds our claim on the tag. */
  markTagClaimed(): void {
    this.meta.set("journal.tagClaimed", this.tag);
  }

  /** Another folder holds our tag in Redis: take a fresh one for every number from now on. */
  retag(): string {
    const tag = newTag();
    this.meta.set("journal.tag", tag);
    this.cachedTag = tag;
    return tag;
  }

  /** Whether numbers were ever handed out under the tag. */
  tagUsed(tag = this.tag): boolean {
    return Boolean(this.q.tagUsed.get(tag));
  }

  find(id: string): JournalRecord | null {
    const r = this.q.byId.get(id);
    return r ? toRecord(r) : null;
  }

  findByDedupe(dedupeKey: string): JournalRecord | null {
    const r = this.q.byDedupe.get(dedupeKey);
    return r ? toRecord(r) : null;
  }

  pendingCount(): number {
    return this.q.countPending.get()!.n;
  }

  /** Written durably before its number is shown to anyone; the same delivery twice is one record. */
  add(t: NewTicket, note = "redis unavailable: journaled"): Promise<{ ticket: Ticket; created: boolean }> {
    const tag = this.tag;
    return this.writes.run(() => {
      const dup = this.q.byDedupe.get(t.dedupeKey);
      if (dup) return { ticket: JSON.parse(dup.ticket) as Ticket, created: false };
      const n = this.q.seq.get(`${tag}:${seqDay(t.createdAt)}`)!.n;
      const ticket: Ticket = { ...materialize(t, formatTicketId(t.createdAt, n, `J${tag}`)), journaled: true };
      const events: TicketEvent[] = [{ at: t.createdAt, type: "created", by: "system", note }];
      this.q.insert.run({ id: ticket.id, dedupe: t.dedupeKey, ticket: JSON.stringify(ticket), events: JSON.stringify(events), added: Date.now() });
      return { ticket, created: true };
    });
  }

  /** Inside a transaction: a record of the old journal file, kept under the number it was given. */
  importNow(ticket: Ticket, events: TicketEvent[]): boolean {
    if (this.q.byId.get(ticket.id) || this.q.byDedupe.get(ticket.dedupeKey)) return false;
    this.q.insert.run({ id: ticket.id, dedupe: ticket.dedupeKey, ticket: JSON.stringify(ticket), events: JSON.stringify(events), added: Date.parse(ticket.createdAt) || Date.now() });
    return true;
  }

  /**
   * The records waiting for Redis, each leased to this process for `leaseMs` so two processes on one
   * data folder never replay the same record at once (a lease of a process that died runs out).
   */
  lease(limit: number, leaseMs = 30_000): JournalRecord[] {
    const now = Date.now();
    return this.db
      .transaction(() => {
        const rows = this.q.free.all(this.owner, now, limit);
        for (const r of rows) this.q.lease.run(this.owner, now + leaseMs, r.id);
        return rows.map(toRecord);
      })
      .immediate();
  }

  markReplayed(id: string, finalId: string, at: string): void {
    this.q.done.run(at, finalId, id);
  }

  release(id: string): void {
    this.q.release.run(id, this.owner);
  }
}
