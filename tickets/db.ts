// The embedded database: one SQLite file in ZWB_DATA_DIR (WAL mode) holding the embedded ticket
// store, the Redis-outage journal and the reminder state. SQLite's own locks replace hand-written lock
// files: a process killed mid-write leaves nothing to clean up (the OS drops its locks, the WAL rolls
// the half-written transaction back), and a reader in another process sees a commit at once.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

export type Db = Database.Database;

export const DB_FILE = "zwb.sqlite";

export interface OpenDbOptions {
  /** How long a writer waits for another process's transaction, in ms (SQLite's busy timeout). */
  busyMs?: number;
}

/** Opens (creating when missing) the data folder's database. */
export function openDatabase(dataDir: string, o: OpenDbOptions = {}): Db {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, DB_FILE), { timeout: o.busyMs ?? 10_000 });
  db.pragma("journal_mode = WAL");
  // FULL: a commit is on disk (WAL fsync'd) before a number is shown to anyone. Group commit below
  // makes this affordable: concurrent writers share one fsync.
  db.pragma("synchronous = FULL");
  return db;
}

interface Job {
  fn: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit. Writes queued in the same turn of the event loop run in one IMMEDIATE transaction, each
 * inside its own savepoint (a write that throws undoes only itself), and all resolve after the one
 * commit. Thirty-two concurrent complaints then cost one fsync, not thirty-two; a lone writer still
 * waits for its own fsync, so nothing is acknowledged before it is durable.
 */
export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;
  private readonly batch: Database.Transaction<(jobs: Job[]) => void>;

  constructor(db: Db, private readonly maxBatch = 256) {
    const each = db.transaction((job: Job) => job.fn());
    this.batch = db.transaction((jobs: Job[]) => {
      for (const job of jobs) {
        try {
          const v = each(job); // nested transaction = savepoint
          (job as Job & { out?: unknown }).out = v;
        } catch (e) {
          (job as Job & { err?: unknown }).err = e ?? new Error("write failed");
        }
      }
    });
  }

  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length) {
      const jobs = this.queue.splice(0, this.maxBatch);
      try {
        this.batch.immediate(jobs);
      } catch (e) {
        // The commit itself failed (disk full, another process held the lock past the busy timeout):
        // nothing of this batch is on disk, so every writer hears it.
        for (const j of jobs) j.reject(e);
        continue;
      }
      for (const j of jobs as (Job & { out?: unknown; err?: unknown })[]) {
        if (j.err !== undefined) j.reject(j.err);
        else j.resolve(j.out);
      }
    }
  }
}

/** Small key/value facts about the data folder (the instance's journal tag, migrations done). */
export class Meta {
  private readonly getQ;
  private readonly setQ;

  constructor(db: Db) {
    db.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    this.getQ = db.prepare<[string], { value: string }>("SELECT value FROM meta WHERE key = ?");
    this.setQ = db.prepare<[string, string]>("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  }

  get(key: string): string | null {
    return this.getQ.get(key)?.value ?? null;
  }

  set(key: string, value: string): void {
    this.setQ.run(key, value);
  }

  /** The stored value, or `make()` stored now; two processes racing agree on the first one written. */
  getOrSet(key: string, make: () => string, db: Db): string {
    return db.transaction(() => {
      const cur = this.get(key);
      if (cur !== null) return cur;
      const v = make();
      this.set(key, v);
      return v;
    }).immediate();
  }
}
