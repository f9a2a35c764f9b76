// Finding 10: a lock file was taken over only after 15 s while callers gave up at 10 s, and the
// holder's pid was never checked: a killed process made the survivor fail 32 complaints. Finding 8: each
// journal add re-read the whole journal under that lock (34 complaints/s at 3,000 entries). Now SQLite
// holds the locks: a writer killed mid-transaction leaves nothing behind.
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openDatabase } from "../../tickets/db.ts";
import { SqliteTicketStore } from "../../tickets/sqlite-store.ts";
import { Journal } from "../../tickets/journal.ts";
import { newTicket } from "./store.contract.ts";

const PROJECT = resolve(import.meta.dirname, "../..");

/** A process that opens the data folder's database, starts a write and is killed while holding it. */
async function killedMidWrite(dir: string): Promise<void> {
  const script = `
    const Database = require("better-sqlite3");
    const db = new Database(${JSON.stringify(join(dir, "zwb.sqlite"))});
    db.pragma("journal_mode = WAL");
    db.exec("BEGIN IMMEDIATE");
    db.exec("INSERT INTO journal_seq (tag_day, n) VALUES ('ZZZ:20251125', 999)");
    process.stdout.write("holding\\n");
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ["-e", script], { cwd: PROJECT, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((res, rej) => {
    child.stdout!.on("data", (d) => String(d).includes("holding") && res());
    child.once("exit", (c) => rej(new Error(`child exited ${c}`)));
  });
  const gone = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await gone;
}

describe("the data folder's database under crashes and load", () => {
  it("a writer killed while holding the write lock costs the survivor nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zwb-crash-"));
    const db = openDatabase(dir, { busyMs: 3000 });
    try {
      const journal = new Journal(db);
      const store = new SqliteTicketStore(db);
      await killedMidWrite(dir);
      const t0 = Date.now();
      const made = await Promise.all(Array.from({ length: 32 }, () => journal.add(newTicket())));
      const stored = await Promise.all(Array.from({ length: 32 }, () => store.create(newTicket())));
      expect(Date.now() - t0).toBeLessThan(3000); // no waiting out a stale lock
      expect(new Set(made.map((m) => m.ticket.id)).size).toBe(32);
      expect(new Set(stored.map((m) => m.ticket.id)).size).toBe(32);
      // The killed writer's half-done transaction is gone.
      expect(db.prepare("SELECT count(*) AS n FROM journal_seq WHERE tag_day LIKE 'ZZZ:%'").get()).toEqual({ n: 0 });
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it("3,000 journaled complaints from two connections (two processes' view) get unique numbers, each found again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zwb-jload-"));
    const db1 = openDatabase(dir);
    const db2 = openDatabase(dir);
    try {
      const a = new Journal(db1);
      const b = new Journal(db2);
      expect(a.tag).toBe(b.tag); // one folder, one tag, one sequence
      const ids: string[] = [];
      await Promise.all(
        Array.from({ length: 32 }, async (_, w) => {
          for (let i = w; i < 3000; i += 32) ids.push((await (i % 2 ? a : b).add(newTicket())).ticket.id);
        }),
      );
      expect(new Set(ids).size).toBe(3000);
      expect(a.pendingCount()).toBe(3000);
      expect(b.find(ids[2999])?.id).toBe(ids[2999]);
    } finally {
      db1.close();
      db2.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
