// ReminderState in the data folder for the embedded store: one JSON file replaced atomically, every
// change made under the cross-process file lock, so the bot and a `zwb reminders run` never both send.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { withFileLock } from "../tickets/file-lock.ts";
import { MARK_TTL_SECONDS, type FinalMark, type ReminderState, type RetryRecord, type TaskState } from "./state.ts";
import { writeFileAtomicSync } from "../core/fs.ts";

interface FileData {
  /** key → [value, expires at ms] */
  marks: Record<string, [string, number]>;
  retries: Record<string, RetryRecord>;
  tasks: Record<string, TaskState>;
}

export class FileReminderState implements ReminderState {
  readonly kind = "file" as const;
  private readonly file: string;
  private readonly lockPath: string;

  constructor(readonly dir: string, private readonly nowMs: () => number = () => Date.now()) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, "reminders.state.json");
    this.lockPath = join(dir, "reminders.lock");
  }

  private read(): FileData {
    if (!existsSync(this.file)) return { marks: {}, retries: {}, tasks: {} };
    return JSON.parse(readFileSync(this.file, "utf8")) as FileData;
  }

  private write(d: FileData): void {
    const now = this.nowMs();
    for (const [k, [, exp]] of Object.entries(d.marks)) if (exp <= now) delete d.marks[k];
    writeFileAtomicSync(this.file, JSON.stringify(d));
  }

  private change<T>(fn: (d: FileData) => T): Promise<T> {
    return withFileLock(this.lockPath, () => {
      const d = this.read();
      const out = fn(d);
      this.write(d);
      return out;
    });
  }

  private live(d: FileData, key: string): string | null {
    const m = d.marks[key];
    return m && m[1] > this.nowMs() ? m[0] : null;
  }

  async marks(keys: string[]): Promise<(string | null)[]> {
    const d = this.read();
    return keys.map((k) => this.live(d, k));
  }

  async claim(key: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.change((d) => {
      if (this.live(d, key) !== null) return false;
      d.marks[key] = [`claimed:${owner}`, this.nowMs() + leaseMs];
      return true;
    });
  }

  async mark(key: string, value: FinalMark): Promise<void> {
    await this.change((d) => {
      d.marks[key] = [value, this.nowMs() + MARK_TTL_SECONDS * 1000];
    });
  }

  async putRetry(r: RetryRecord): Promise<void> {
    await this.change((d) => {
      d.retries[r.id] = r;
    });
  }

  async dueRetries(now: Date, limit: number): Promise<RetryRecord[]> {
    return Object.values(this.read().retries)
      .filter((r) => Date.parse(r.nextAt) <= now.getTime())
      .sort((a, b) => a.nextAt.localeCompare(b.nextAt))
      .slice(0, limit);
  }

  async dropRetry(id: string): Promise<void> {
    await this.change((d) => {
      delete d.retries[id];
    });
  }

  async taskStates(): Promise<Record<string, TaskState>> {
    return this.read().tasks;
  }

  async putTaskState(id: string, s: TaskState): Promise<void> {
    await this.change((d) => {
      d.tasks[id] = s;
    });
  }

  async close(): Promise<void> {}
}
