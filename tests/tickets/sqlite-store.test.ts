// The embedded store on SQLite passes the same contract as the Redis store, unchanged; the old file
// store's data is imported at first start.
import { mkdtempSync, rmSync, existsSync, mkdirSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it, expect } from "vitest";
import { SqliteTicketStore } from "../../tickets/sqlite-store.ts";
import { openDatabase } from "../../tickets/db.ts";
import { migrateTicketFiles } from "../../tickets/migrate.ts";
import { Journal } from "../../tickets/journal.ts";
import { silentLogger } from "../../core/log.ts";
import { storeContract, newTicket } from "./store.contract.ts";

let dir = "";
const open: SqliteTicketStore[] = [];
storeContract("embedded SQLite", {
  async open() {
    dir = mkdtempSync(join(tmpdir(), "zwb-store-"));
    const s = SqliteTicketStore.open(dir);
    open.push(s);
    return s;
  },
  async reopen() {
    // A second connection on the same file, as another process has.
    const s = SqliteTicketStore.open(dir);
    open.push(s);
    return s;
  },
  async cleanup() {
    for (const s of open.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  },
});

it("survives a reopen from disk", async () => {
  const d = mkdtempSync(join(tmpdir(), "zwb-store-"));
  try {
    const s = SqliteTicketStore.open(d);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await s.create(newTicket())).ticket.id);
    await s.close();
    const fresh = SqliteTicketStore.open(d);
    expect((await fresh.list()).map((t) => t.id)).toEqual(ids);
    expect((await fresh.history(ids[0])).map((e) => e.type)).toEqual(["created"]);
    await fresh.close();
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

it("imports the old file store and journal at first start, once, keeping every number", async () => {
  const d = mkdtempSync(join(tmpdir(), "zwb-migrate-"));
  try {
    // The old layout: tickets/ snapshot + the current generation's log, journal/journal.jsonl.
    const a = { ...newTicket({ dedupeKey: "local:u1:m1" }), id: "TS20251125-0001", status: "open", replies: [], supplements: [], updatedAt: "2025-11-25T02:00:00.000Z", version: 1 };
    const b = { ...newTicket({ dedupeKey: "local:u1:m2" }), id: "TS20251125-0002", status: "open", replies: [], supplements: [], updatedAt: "2025-11-25T02:00:00.000Z", version: 1 };
    const bAccepted = { ...b, status: "accepted", version: 2 };
    mkdirSync(join(d, "tickets"), { recursive: true });
    writeFileSync(join(d, "tickets", "tickets.snapshot.json"), JSON.stringify({ gen: 1, tickets: [a, b], history: { [a.id]: [{ at: a.createdAt, type: "created", by: "system" }], [b.id]: [{ at: b.createdAt, type: "created", by: "system" }] } }));
    writeFileSync(join(d, "tickets", "tickets.1.jsonl"), JSON.stringify({ ticket: bAccepted, event: { at: "2025-11-26T01:00:00.000Z", type: "accepted", by: "local:o" } }) + "\n{\"cut off mid-wri");
    const j = { ...newTicket({ dedupeKey: "local:u2:m9" }), id: "TS20251125-J0001", status: "open", replies: [], supplements: [], updatedAt: "2025-11-25T02:00:00.000Z", version: 1, journaled: true };
    mkdirSync(join(d, "journal"), { recursive: true });
    writeFileSync(join(d, "journal", "journal.jsonl"), JSON.stringify({ ticket: j, events: [{ at: j.createdAt, type: "created", by: "system" }] }) + "\n");

    const db = openDatabase(d);
    expect(migrateTicketFiles(db, d, silentLogger())).toEqual({ tickets: 2, journaled: 1 });
    expect(migrateTicketFiles(db, d, silentLogger())).toEqual({ tickets: 0, journaled: 0 });
    const store = new SqliteTicketStore(db);
    expect((await store.get("TS20251125-0002"))?.status).toBe("accepted");
    expect((await store.history("TS20251125-0002")).map((e) => e.type)).toEqual(["created", "accepted"]);
    // A number handed out before the move is never handed out again.
    expect((await store.create(newTicket())).ticket.id).toBe("TS20251125-0003");
    // The complaint still waiting for Redis waits on, under the number its author was told.
    expect(new Journal(db).find("TS20251125-J0001")?.replayedAt).toBeNull();
    expect(readdirSync(join(d, "tickets")).sort()).toEqual(["tickets.1.jsonl.migrated", "tickets.snapshot.json.migrated"]);
    expect(existsSync(join(d, "journal", "journal.jsonl.migrated"))).toBe(true);
    db.close();
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
