// ReminderState on Redis: SET NX PX claims make two bot instances on one Redis send each push once;
// the retry queue is a sorted set by next attempt time, so a pass reads only the retries now due.
import type { RedisClient } from "../tickets/redis-store.ts";
import { MARK_TTL_SECONDS, type FinalMark, type ReminderState, type RetryRecord, type TaskState } from "./state.ts";

export class RedisReminderState implements ReminderState {
  readonly kind = "redis" as const;

  /** prefix: e.g. "zwb:rem:"; the client is shared with the ticket store and not closed here. */
  constructor(readonly client: RedisClient, readonly prefix: string) {}

  private k(...parts: string[]): string {
    return this.prefix + parts.join(":");
  }

  async marks(keys: string[]): Promise<(string | null)[]> {
    const out: (string | null)[] = [];
    for (let i = 0; i < keys.length; i += 1000) {
      const part = keys.slice(i, i + 1000).map((x) => this.k("m", x));
      if (part.length) out.push(...((await this.client.mGet(part)) as (string | null)[]));
    }
    return out;
  }

  async claim(key: string, owner: string, leaseMs: number): Promise<boolean> {
    return (await this.client.set(this.k("m", key), `claimed:${owner}`, { NX: true, PX: leaseMs })) === "OK";
  }

  async mark(key: string, value: FinalMark): Promise<void> {
    await this.client.set(this.k("m", key), value, { EX: MARK_TTL_SECONDS });
  }

  async putRetry(r: RetryRecord): Promise<void> {
    await this.client.multi().hSet(this.k("retry", "data"), r.id, JSON.stringify(r)).zAdd(this.k("retry", "due"), { score: Date.parse(r.nextAt), value: r.id }).exec();
  }

  async dueRetries(now: Date, limit: number): Promise<RetryRecord[]> {
    const ids = await this.client.zRange(this.k("retry", "due"), "-inf", now.getTime(), { BY: "SCORE", LIMIT: { offset: 0, count: limit } });
    if (!ids.length) return [];
    const raw = (await this.client.hmGet(this.k("retry", "data"), ids)) as (string | null)[];
    return raw.filter((x): x is string => Boolean(x)).map((x) => JSON.parse(x) as RetryRecord);
  }

  async dropRetry(id: string): Promise<void> {
    await this.client.multi().hDel(this.k("retry", "data"), id).zRem(this.k("retry", "due"), id).exec();
  }

  async taskStates(): Promise<Record<string, TaskState>> {
    const h = (await this.client.hGetAll(this.k("tasks"))) as Record<string, string>;
    return Object.fromEntries(Object.entries(h).map(([id, v]) => [id, JSON.parse(v) as TaskState]));
  }

  async putTaskState(id: string, s: TaskState): Promise<void> {
    await this.client.hSet(this.k("tasks"), id, JSON.stringify(s));
  }

  async close(): Promise<void> {}
}
