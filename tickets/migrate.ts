// First start after the move to SQLite: the old embedded files (tickets/ snapshot + JSONL log, the
// journal.jsonl of complaints still waiting for Redis) are imported into the database in one
// transaction and renamed *.migrated, so nothing is imported twice and the originals stay as a backup.
import { existsSync, readFileSync, readdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../core/log.ts";
import type { Ticket, TicketEvent } from "./types.ts";
import type { Db } from "./db.ts";
import { SqliteTicketStore } from "./sqlite-store.ts";
import { Journal } from "./journal.ts";

interface OldSnapshot {
  gen: number;
  tickets: Ticket[];
  history: Record<string, TicketEvent[]>;
}

const lines = (file: string): unknown[] =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        return [JSON.parse(l)];
      } catch {
        return []; // a line cut by a crash mid-write was never acknowledged
      }
    });

/** The old file store's tickets and histories, as its last process saw them. */
function readOldStore(dir: string): { tickets: Map<string, Ticket>; events: Map<string, TicketEvent[]>; files: string[] } {
  const tickets = new Map<string, Ticket>();
  const events = new Map<string, TicketEvent[]>();
  const snapFile = join(dir, "tickets.snapshot.json");
  const snap: OldSnapshot = existsSync(snapFile) ? JSON.parse(readFileSync(snapFile, "utf8")) : { gen: 0, tickets: [], history: {} };
  for (const t of snap.tickets) tickets.set(t.id, t);
  for (const [id, h] of Object.entries(snap.history)) events.set(id, [...h]);
  const log = join(dir, `tickets.${snap.gen}.jsonl`);
  if (existsSync(log))
    for (const r of lines(log) as { ticket: Ticket; event: TicketEvent }[]) {
      tickets.set(r.ticket.id, r.ticket);
      events.set(r.ticket.id, [...(events.get(r.ticket.id) ?? []), r.event]);
    }
  const files = readdirSync(dir).filter((f) => /^tickets\.(snapshot\.json|\d+\.jsonl)$/.test(f)).map((f) => join(dir, f));
  return { tickets, events, files };
}

export interface MigrationReport {
  tickets: number;
  journaled: number;
}

/** Imports `<dataDir>/tickets/` and `<dataDir>/journal/journal.jsonl` when they are there. */
export function migrateTicketFiles(db: Db, dataDir: string, log: Logger): MigrationReport {
  const out: MigrationReport = { tickets: 0, journaled: 0 };
  const storeDir = join(dataDir, "tickets");
  const journalFile = join(dataDir, "journal", "journal.jsonl");
  const old = existsSync(storeDir) ? readOldStore(storeDir) : null;
  const journaled = existsSync(journalFile) ? (lines(journalFile) as { ticket: Ticket; events: TicketEvent[] }[]) : [];
  if (!old?.files.length && !journaled.length) return out;
  const store = new SqliteTicketStore(db);
  const journal = new Journal(db);
  db.transaction(() => {
    for (const t of old?.tickets.values() ?? []) if (store.importNow(t, old!.events.get(t.id) ?? [])) out.tickets++;
    for (const r of journaled) if (journal.importNow(r.ticket, r.events)) out.journaled++;
  }).immediate();
  for (const f of [...(old?.files ?? []), ...(journaled.length ? [journalFile] : [])]) renameSync(f, `${f}.migrated`);
  log.info(out, "old embedded files imported into the SQLite database (originals kept as *.migrated)");
  return out;
}
