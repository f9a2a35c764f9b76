// The embedded TicketStore on SQLite (tickets/db.ts): a row per ticket, an event table as history, an
// indexed deadline table for the reminder scheduler and a number sequence per Shanghai day. Every
// change is one transaction, so separate processes (the bot, CLI runs) share tickets and numbers.
import type { Ticket, TicketEvent, NewTicket, DueDeadline } from "./types.ts";
import {
  type TicketStore, type ListQuery, type Mutation, type CreateOptions,
  TicketNotFoundError, formatTicketId, seqDay, matches, materialize, openDeadlines,
} from "./store.ts";
import { GroupCommit, openDatabase, type Db } from "./db.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS tickets (
  id TEXT PRIMARY KEY,
  dedupe TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  unit TEXT NOT NULL,
  created_at TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tickets_status ON tickets (status);
CREATE INDEX IF NOT EXISTS tickets_unit ON tickets (unit);
CREATE INDEX IF NOT EXISTS tickets_created ON tickets (created_at, id);
CREATE TABLE IF NOT EXISTS ticket_events (
  n INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ticket_events_ticket ON ticket_events (ticket_id, n);
CREATE TABLE IF NOT EXISTS ticket_due (
  ticket_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  round INTEGER NOT NULL,
  due_ms INTEGER NOT NULL,
  PRIMARY KEY (ticket_id, kind, round)
);
CREATE INDEX IF NOT EXISTS ticket_due_ms ON ticket_due (due_ms, ticket_id);
CREATE TABLE IF NOT EXISTS ticket_seq (day TEXT PRIMARY KEY, n INTEGER NOT NULL);
`;

interface Row {
  json: string;
}

export class SqliteTicketStore implements TicketStore {
  readonly kind = "sqlite" as const;
  private readonly writes: GroupCommit;
  private readonly q;

  /** A store on its own database in `dataDir`, closed with the store (tests, one-shot tools). */
  static open(dataDir: string): SqliteTicketStore {
    const store = new SqliteTicketStore(openDatabase(dataDir));
    store.ownsDb = true;
    return store;
  }

  private ownsDb = false;

  constructor(readonly db: Db) {
    db.exec(SCHEMA);
    this.writes = new GroupCommit(db);
    this.q = {
      byId: db.prepare<[string], Row>("SELECT json FROM tickets WHERE id = ?"),
      byDedupe: db.prepare<[string], Row>("SELECT json FROM tickets WHERE dedupe = ?"),
      exists: db.prepare<[string], { x: number }>("SELECT 1 AS x FROM tickets WHERE id = ?"),
      nextSeq: db.prepare<[string], { n: number }>("INSERT INTO ticket_seq (day, n) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET n = n + 1 RETURNING n"),
      insert: db.prepare("INSERT INTO tickets (id, dedupe, status, unit, created_at, json) VALUES (@id, @dedupe, @status, @unit, @createdAt, @json)"),
      update: db.prepare("UPDATE tickets SET status = @status, unit = @unit, json = @json WHERE id = @id"),
      event: db.prepare<[string, string]>("INSERT INTO ticket_events (ticket_id, json) VALUES (?, ?)"),
      history: db.prepare<[string], Row>("SELECT json FROM ticket_events WHERE ticket_id = ? ORDER BY n"),
      dueDel: db.prepare<[string]>("DELETE FROM ticket_due WHERE ticket_id = ?"),
      dueAdd: db.prepare<[string, string, number, number]>("INSERT OR REPLACE INTO ticket_due (ticket_id, kind, round, due_ms) VALUES (?, ?, ?, ?)"),
      dueBefore: db.prepare<[number, number], { ticket_id: string; kind: string; round: number; due_ms: number }>(
        "SELECT ticket_id, kind, round, due_ms FROM ticket_due WHERE due_ms < ? ORDER BY due_ms, ticket_id, kind, round LIMIT ?",
      ),
    };
  }

  private writeDeadlines(t: Ticket): void {
    this.q.dueDel.run(t.id);
    for (const d of openDeadlines(t)) this.q.dueAdd.run(t.id, d.kind, d.round, Date.parse(d.dueAt));
  }

  /** A fresh number for the day; a preset or migrated number already using it is skipped. */
  private allocate(createdAt: string): string {
    for (;;) {
      const id = formatTicketId(createdAt, this.q.nextSeq.get(seqDay(createdAt))!.n);
      if (!this.q.exists.get(id)) return id;
    }
  }

  /** Inside a transaction: the insert itself (also used by the migration of the old files). */
  insertNow(t: NewTicket, opts: CreateOptions = {}): { ticket: Ticket; created: boolean } {
    const dup = this.q.byDedupe.get(t.dedupeKey);
    if (dup) return { ticket: JSON.parse(dup.json) as Ticket, created: false };
    const id = opts.id && !this.q.exists.get(opts.id) ? opts.id : this.allocate(t.createdAt);
    const ticket = materialize(t, id);
    this.q.insert.run({ id, dedupe: t.dedupeKey, status: ticket.status, unit: ticket.unit, createdAt: ticket.createdAt, json: JSON.stringify(ticket) });
    const events = opts.events?.length ? opts.events : [{ at: t.createdAt, type: "created" as const, by: "system" }];
    for (const ev of events) this.q.event.run(id, JSON.stringify(ev));
    this.writeDeadlines(ticket);
    return { ticket, created: true };
  }

  /** Inside a transaction: a ticket as it was, history and all (the migration of the old files). */
  importNow(ticket: Ticket, events: TicketEvent[]): boolean {
    if (this.q.exists.get(ticket.id) || this.q.byDedupe.get(ticket.dedupeKey)) return false;
    this.q.insert.run({ id: ticket.id, dedupe: ticket.dedupeKey, status: ticket.status, unit: ticket.unit, createdAt: ticket.createdAt, json: JSON.stringify(ticket) });
    for (const ev of events) this.q.event.run(ticket.id, JSON.stringify(ev));
    this.writeDeadlines(ticket);
    const m = /^TS(\d{8})-(\d+)$/.exec(ticket.id);
    // Numbers handed out before the migration are never handed out again.
    if (m) this.db.prepare("INSERT INTO ticket_seq (day, n) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET n = max(n, excluded.n)").run(m[1], Number(m[2]));
    return true;
  }

  create(t: NewTicket, opts: CreateOptions = {}): Promise<{ ticket: Ticket; created: boolean }> {
    return this.writes.run(() => this.insertNow(t, opts));
  }

  async get(id: string): Promise<Ticket | null> {
    const r = this.q.byId.get(id);
    return r ? (JSON.parse(r.json) as Ticket) : null;
  }

  async list(q: ListQuery = {}): Promise<Ticket[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.status) {
      const ss = Array.isArray(q.status) ? q.status : [q.status];
      where.push(`status IN (${ss.map(() => "?").join(",")})`);
      args.push(...ss);
    }
    if (q.unit) {
      where.push("unit = ?");
      args.push(q.unit);
    }
    if (q.overdueAt) {
      where.push("id IN (SELECT ticket_id FROM ticket_due WHERE due_ms < ?)");
      args.push(q.overdueAt.getTime());
    }
    const sql = `SELECT json FROM tickets ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at, id`;
    const rows = this.db.prepare<(string | number)[], Row>(sql).all(...args);
    const out = rows.map((r) => JSON.parse(r.json) as Ticket).filter((t) => matches(t, q));
    return q.limit ? out.slice(0, q.limit) : out;
  }

  async history(id: string): Promise<TicketEvent[]> {
    return this.q.history.all(id).map((r) => JSON.parse(r.json) as TicketEvent);
  }

  update(id: string, mutate: Mutation): Promise<Ticket> {
    return this.writes.run(() => {
      const row = this.q.byId.get(id);
      if (!row) throw new TicketNotFoundError(id);
      const cur = JSON.parse(row.json) as Ticket;
      const r = mutate(structuredClone(cur));
      if (!r) return cur;
      const at = r.event.at ?? new Date().toISOString();
      const ticket: Ticket = { ...r.ticket, id, version: cur.version + 1, updatedAt: at };
      this.q.update.run({ id, status: ticket.status, unit: ticket.unit, json: JSON.stringify(ticket) });
      this.q.event.run(id, JSON.stringify({ ...r.event, at }));
      this.writeDeadlines(ticket);
      return ticket;
    });
  }

  async dueBefore(t: Date, limit: number): Promise<DueDeadline[]> {
    return this.q.dueBefore.all(t.getTime(), limit).map((r) => ({ ticketId: r.ticket_id, kind: r.kind, round: r.round, dueAt: new Date(r.due_ms).toISOString() }));
  }

  /** Reads the indexed deadline table page by page, as the Redis store reads its sorted set. */
  async *deadlineFeed(horizon: Date, pageSize: number): AsyncIterable<DueDeadline[]> {
    const page = this.db.prepare<[number, number, number], { ticket_id: string; kind: string; round: number; due_ms: number }>(
      "SELECT ticket_id, kind, round, due_ms FROM ticket_due WHERE due_ms < ? ORDER BY due_ms, ticket_id, kind, round LIMIT ? OFFSET ?",
    );
    for (let offset = 0; ; offset += pageSize) {
      const rows = page.all(horizon.getTime(), pageSize, offset);
      if (rows.length) yield rows.map((r) => ({ ticketId: r.ticket_id, kind: r.kind, round: r.round, dueAt: new Date(r.due_ms).toISOString() }));
      if (rows.length < pageSize) return;
    }
  }

  /** The database is shared (journal, reminder state) and closed by whoever opened it. */
  async close(): Promise<void> {
    if (this.ownsDb && this.db.open) this.db.close();
  }
}
