// First start after the move to SQLite: the old reminders.state.json (send markers, the retry queue,
// task switches) is imported into the database and renamed *.migrated.
import { existsSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../core/log.ts";
import type { Db } from "../tickets/db.ts";
import type { RetryRecord, TaskState } from "./state.ts";

interface OldState {
  marks?: Record<string, [string, number]>;
  retries?: Record<string, RetryRecord>;
  tasks?: Record<string, TaskState>;
}

export function migrateReminderFile(db: Db, dataDir: string, log: Logger): number {
  const file = join(dataDir, "reminders", "reminders.state.json");
  if (!existsSync(file)) return 0;
  const old = JSON.parse(readFileSync(file, "utf8")) as OldState;
  let n = 0;
  const mark = db.prepare<[string, string, number]>("INSERT OR IGNORE INTO rem_marks (key, value, expires_ms) VALUES (?, ?, ?)");
  const retry = db.prepare<[string, number, string]>("INSERT OR IGNORE INTO rem_retries (id, next_ms, json) VALUES (?, ?, ?)");
  const task = db.prepare<[string, string]>("INSERT OR IGNORE INTO rem_tasks (id, json) VALUES (?, ?)");
  db.transaction(() => {
    for (const [k, [v, exp]] of Object.entries(old.marks ?? {})) n += mark.run(k, v, exp).changes;
    for (const r of Object.values(old.retries ?? {})) n += retry.run(r.id, Date.parse(r.nextAt), JSON.stringify(r)).changes;
    for (const [id, s] of Object.entries(old.tasks ?? {})) n += task.run(id, JSON.stringify(s)).changes;
  }).immediate();
  renameSync(file, `${file}.migrated`);
  log.info({ records: n }, "old reminder state imported into the SQLite database (original kept as *.migrated)");
  return n;
}
