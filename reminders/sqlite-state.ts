// ReminderState in the data folder's SQLite database (tickets/db.ts) for the embedded store: a claim is
// one conditional upsert, so the bot and a `zwb reminders run` in another process never both send.
import { GroupCommit, type Db } from "../tickets/db.ts";
import { MARK_TTL_SECONDS, type FinalMark, type ReminderState, type RetryRecord, type TaskState } from "./state.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rem_marks (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS rem_marks_expiry ON rem_marks (expires_ms);
CREATE TABLE IF NOT EXISTS rem_retries (id TEXT PRIMARY KEY, next_ms INTEGER NOT NULL, json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS rem_retries_next ON rem_retries (next_ms);
CREATE TABLE IF NOT EXISTS rem_tasks (id TEXT PRIMARY KEY, json TEXT NOT NULL);
`;

export class SqliteReminderState implements ReminderState {
  readonly kind = "sqlite" as const;
  private readonly writes: GroupCommit;
  private readonly q;

  constructor(readonly db: Db, private readonly nowMs: () => number = () => Date.now()) {
    db.exec(SCHEMA);
    this.writes = new GroupCommit(db);
    this.q = {
      mark: db.prepare<[string, number], { value: string }>("SELECT value FROM rem_marks WHERE key = ? AND expires_ms > ?"),
      claim: db.prepare<[string, string, number, number]>(
        "INSERT INTO rem_marks (key, value, expires_ms) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_ms = excluded.expires_ms WHERE rem_marks.expires_ms <= ?",
      ),
      set: db.prepare<[string, string, number]>("INSERT OR REPLACE INTO rem_marks (key, value, expires_ms) VALUES (?, ?, ?)"),
      expire: db.prepare<[number]>("DELETE FROM rem_marks WHERE expires_ms <= ?"),
      putRetry: db.prepare<[string, number, string]>("INSERT OR REPLACE INTO rem_retries (id, next_ms, json) VALUES (?, ?, ?)"),
      dueRetries: db.prepare<[number, number], { json: string }>("SELECT json FROM rem_retries WHERE next_ms <= ? ORDER BY next_ms, id LIMIT ?"),
      dropRetry: db.prepare<[string]>("DELETE FROM rem_retries WHERE id = ?"),
      tasks: db.prepare<[], { id: string; json: string }>("SELECT id, json FROM rem_tasks"),
      putTask: db.prepare<[string, string]>("INSERT OR REPLACE INTO rem_tasks (id, json) VALUES (?, ?)"),
    };
  }

  async marks(keys: string[]): Promise<(string | null)[]> {
    const now = this.nowMs();
    return keys.map((k) => this.q.mark.get(k, now)?.value ?? null);
  }

  claim(key: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.writes.run(() => {
      const now = this.nowMs();
      return this.q.claim.run(key, `claimed:${owner}`, now + leaseMs, now).changes === 1;
    });
  }

  async mark(key: string, value: FinalMark): Promise<void> {
    await this.writes.run(() => {
      const now = this.nowMs();
      this.q.set.run(key, value, now + MARK_TTL_SECONDS * 1000);
      // Expired markers go as new ones come: the table holds what the last 400 days sent.
      this.q.expire.run(now);
    });
  }

  async putRetry(r: RetryRecord): Promise<void> {
    await this.writes.run(() => this.q.putRetry.run(r.id, Date.parse(r.nextAt), JSON.stringify(r)));
  }

  async dueRetries(now: Date, limit: number): Promise<RetryRecord[]> {
    return this.q.dueRetries.all(now.getTime(), limit).map((r) => JSON.parse(r.json) as RetryRecord);
  }

  async dropRetry(id: string): Promise<void> {
    await this.writes.run(() => this.q.dropRetry.run(id));
  }

  async taskStates(): Promise<Record<string, TaskState>> {
    return Object.fromEntries(this.q.tasks.all().map((r) => [r.id, JSON.parse(r.json) as TaskState]));
  }

  async putTaskState(id: string, s: TaskState): Promise<void> {
    await this.writes.run(() => this.q.putTask.run(id, JSON.stringify(s)));
  }

  /** The database is shared with the ticket store and closed by whoever opened it. */
  async close(): Promise<void> {}
}
