// The embedded TicketStore: an append-only JSONL log (fsync'd) plus a compacted snapshot in a local
// data folder. Every write happens under a cross-process file lock after catching up with the log,
// so separate processes (bot, CLI runs) see the same tickets and never reuse a number.
import { existsSync, mkdirSync, readFileSync, openSync, closeSync, unlinkSync, statSync, readSync } from "node:fs";
import { join } from "node:path";
import type { Ticket, TicketEvent, NewTicket, DueDeadline } from "./types.ts";
import {
  type TicketStore, type ListQuery, type Mutation, type CreateOptions,
  TicketNotFoundError, formatTicketId, seqDay, matches, materialize, openDeadlines,
} from "./store.ts";
import { withFileLock, appendDurable } from "./file-lock.ts";
import { writeFileAtomicSync } from "../core/fs.ts";

interface LogRecord {
  ticket: Ticket;
  event: TicketEvent;
}

interface Snapshot {
  gen: number;
  tickets: Ticket[];
  history: Record<string, TicketEvent[]>;
}


export class FileTicketStore implements TicketStore {
  readonly kind = "file" as const;
  private tickets = new Map<string, Ticket>();
  private events = new Map<string, TicketEvent[]>();
  private byDedupe = new Map<string, string>();
  private gen = -1;
  private offset = 0;
  private records = 0;
  private readonly lockPath: string;

  /** compactAfter: log records before the log is folded into the snapshot. */
  constructor(readonly dir: string, private readonly compactAfter = 2000) {
    mkdirSync(dir, { recursive: true });
    this.lockPath = join(dir, "tickets.lock");
  }

  private logPath(gen = this.gen): string {
    return join(this.dir, `tickets.${gen}.jsonl`);
  }

  private snapPath(): string {
    return join(this.dir, "tickets.snapshot.json");
  }

  private reload(): void {
    const snap: Snapshot = existsSync(this.snapPath()) ? JSON.parse(readFileSync(this.snapPath(), "utf8")) : { gen: 0, tickets: [], history: {} };
    this.tickets = new Map(snap.tickets.map((t) => [t.id, t]));
    this.events = new Map(Object.entries(snap.history));
    this.byDedupe = new Map(snap.tickets.map((t) => [t.dedupeKey, t.id]));
    this.gen = snap.gen;
    this.offset = 0;
    this.records = 0;
  }

  /** Reads log lines other processes appended since we last looked. */
  private catchUp(): void {
    if (this.gen < 0 || !existsSync(this.logPath())) {
      // First look, or another process compacted into a new generation.
      const snapGen = existsSync(this.snapPath()) ? (JSON.parse(readFileSync(this.snapPath(), "utf8")) as Snapshot).gen : 0;
      if (snapGen !== this.gen) this.reload();
    }
    const p = this.logPath();
    if (!existsSync(p)) return;
    const size = statSync(p).size;
    if (size <= this.offset) return;
    const fd = openSync(p, "r");
    const buf = Buffer.alloc(size - this.offset);
    try {
      readSync(fd, buf, 0, buf.length, this.offset);
    } finally {
      closeSync(fd);
    }
    const text = buf.toString("utf8");
    const end = text.lastIndexOf("\n"); // a line still being written is left for next time
    if (end < 0) return;
    for (const line of text.slice(0, end).split("\n")) {
      if (!line.trim()) continue;
      this.apply(JSON.parse(line) as LogRecord);
    }
    this.offset += Buffer.byteLength(text.slice(0, end + 1));
  }

  private apply(r: LogRecord): void {
    this.tickets.set(r.ticket.id, r.ticket);
    this.byDedupe.set(r.ticket.dedupeKey, r.ticket.id);
    const h = this.events.get(r.ticket.id) ?? [];
    h.push(r.event);
    this.events.set(r.ticket.id, h);
    this.records++;
  }

  private write(r: LogRecord): void {
    const line = JSON.stringify(r) + "\n";
    appendDurable(this.logPath(), line);
    this.apply(r);
    this.offset += Buffer.byteLength(line);
  }

  private compactIfBig(): void {
    if (this.records < this.compactAfter) return;
    const old = this.logPath();
    const snap: Snapshot = { gen: this.gen + 1, tickets: [...this.tickets.values()], history: Object.fromEntries(this.events) };
    writeFileAtomicSync(this.snapPath(), JSON.stringify(snap));
    this.gen = snap.gen;
    this.offset = 0;
    this.records = 0;
    try {
      unlinkSync(old);
    } catch {
      /* already gone */
    }
  }

  private locked<T>(fn: () => T): Promise<T> {
    return withFileLock(this.lockPath, () => {
      this.catchUp();
      const out = fn();
      this.compactIfBig();
      return out;
    });
  }

  async create(t: NewTicket, opts: CreateOptions = {}): Promise<{ ticket: Ticket; created: boolean }> {
    return this.locked(() => {
      const existing = this.byDedupe.get(t.dedupeKey);
      if (existing) return { ticket: structuredClone(this.tickets.get(existing)!), created: false };
      let id = opts.id;
      if (!id || this.tickets.has(id)) {
        const day = seqDay(t.createdAt);
        let max = 0;
        for (const k of this.tickets.keys()) {
          const m = /^TS(\d{8})-(\d+)$/.exec(k);
          if (m && m[1] === day) max = Math.max(max, Number(m[2]));
        }
        id = formatTicketId(t.createdAt, max + 1);
      }
      const ticket = materialize(t, id);
      const events = opts.events?.length ? opts.events : [{ at: t.createdAt, type: "created" as const, by: "system" }];
      // Journaled history comes along in order; only the last record carries the final ticket.
      for (const ev of events) this.write({ ticket, event: ev });
      return { ticket: structuredClone(ticket), created: true };
    });
  }

  async get(id: string): Promise<Ticket | null> {
    this.catchUp();
    const t = this.tickets.get(id);
    return t ? structuredClone(t) : null;
  }

  async list(q: ListQuery = {}): Promise<Ticket[]> {
    this.catchUp();
    const out = [...this.tickets.values()].filter((t) => matches(t, q)).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    return structuredClone(q.limit ? out.slice(0, q.limit) : out);
  }

  async history(id: string): Promise<TicketEvent[]> {
    this.catchUp();
    return structuredClone(this.events.get(id) ?? []);
  }

  async update(id: string, mutate: Mutation): Promise<Ticket> {
    return this.locked(() => {
      const cur = this.tickets.get(id);
      if (!cur) throw new TicketNotFoundError(id);
      const r = mutate(structuredClone(cur));
      if (!r) return structuredClone(cur);
      const at = r.event.at ?? new Date().toISOString();
      const ticket: Ticket = { ...r.ticket, id, version: cur.version + 1, updatedAt: at };
      this.write({ ticket, event: { ...r.event, at } });
      return structuredClone(ticket);
    });
  }

  async dueBefore(t: Date, limit: number): Promise<DueDeadline[]> {
    this.catchUp();
    const at = t.getTime();
    const out: DueDeadline[] = [];
    for (const tk of this.tickets.values()) for (const d of openDeadlines(tk)) if (Date.parse(d.dueAt) < at) out.push(d);
    out.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.ticketId.localeCompare(b.ticketId));
    return out.slice(0, limit);
  }

  /** The embedded store holds everything in memory already: one page is the whole answer. */
  async *deadlineFeed(horizon: Date): AsyncIterable<DueDeadline[]> {
    const all = await this.dueBefore(horizon, Number.MAX_SAFE_INTEGER);
    if (all.length) yield all;
  }

  async close(): Promise<void> {}
}
