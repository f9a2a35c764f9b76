// The question log on Redis: a stream of entries (trimmed by MINID to the retention) for the record,
// and per-day hashes the figures read — outcome and feedback counts, answers per measure, and the
// distinct unanswered questions with their counts — so a dashboard reads a few keys per day, never
// the whole stream. Every instance on one Redis writes and reads the same log.
import type { RedisClient } from "../tickets/redis-store.ts";
import type { Outcome } from "../core/message.ts";
import { RATEABLE_OUTCOMES } from "./outcomes.ts";
import type { DayCounts, FeedbackRecord, LastReply, LoggedQuestion, QuestionStore, Rating, UnansweredItem, UnansweredReason } from "./types.ts";

const SEP = "\u0001";
const REASONS: UnansweredReason[] = ["refuse", "suggest", "clarify", "rated"];
const LAST_TTL_SECONDS = 86_400;

const reasonOf = (q: Pick<LoggedQuestion, "outcome">): UnansweredReason | null =>
  q.outcome === "refuse" ? "refuse" : q.outcome === "suggest" ? "suggest" : q.outcome === "clarify" ? "clarify" : null;

const dayStart = (day: string) => Date.parse(`${day}T00:00:00+08:00`);


export class RedisQuestionStore implements QuestionStore {
  readonly kind = "redis" as const;

  /** prefix: e.g. "zwb:"; the client is shared and not closed here. retentionDays sets the day keys' expiry. */
  constructor(
    readonly client: RedisClient,
    readonly prefix: string,
    private readonly retentionDays: number,
  ) {}

  private k(...parts: string[]): string {
    return `${this.prefix}q:${parts.join(":")}`;
  }

  /** The days of the range that have anything logged (from the index of days, not every calendar day). */
  private async daysIn(fromDay: string, toDay: string): Promise<string[]> {
    return (await this.client.zRange(this.k("days"), dayStart(fromDay), dayStart(toDay), { BY: "SCORE" })).sort();
  }

  private expiry(day: string): number {
    return Math.ceil((dayStart(day) + (this.retentionDays + 1) * 86_400_000) / 1000);
  }

  private async xadd(at: number, fields: Record<string, string>): Promise<void> {
    // Entry ids carry the logged time, so MINID trimming follows the log's own clock; a clock behind
    // the stream's last id (another instance slightly ahead) falls back to the server's time.
    await this.client.xAdd(this.k("log"), `${at}-*`, fields).catch(() => this.client.xAdd(this.k("log"), "*", fields));
  }

  async append(batch: LoggedQuestion[]): Promise<void> {
    const days = new Set<string>();
    const m = this.client.multi();
    for (const q of batch) {
      days.add(q.day);
      m.hIncrBy(this.k("d", q.day), `o:${q.outcome}`, 1);
      if (q.outcome === "answer" && q.offered[0]) m.hIncrBy(this.k("d", q.day), `m:${q.offered[0]}`, 1);
      const reason = reasonOf(q);
      if (reason) this.countOpen(m, q.day, q.norm, q.offered, reason, 1, q.text, q.at);
      if (q.pickOf) this.countOpen(m, q.pickOf.day, q.pickOf.norm, q.pickOf.offered, "suggest", -1);
      if (RATEABLE_OUTCOMES.has(q.outcome)) {
        const last: LastReply = { id: q.id, at: q.at, outcome: q.outcome, offered: q.offered, text: q.text, norm: q.norm };
        m.set(this.k("last", q.user), JSON.stringify(last), { EX: LAST_TTL_SECONDS });
      }
    }
    for (const day of days) {
      m.zAdd(this.k("days"), { score: dayStart(day), value: day });
      for (const part of ["d", "uc", "ur", "ul"]) m.expireAt(this.k(part, day), this.expiry(day));
    }
    await m.exec();
    await Promise.all(batch.map((q) => this.xadd(q.at, { t: "q", j: JSON.stringify(q) })));
  }

  private countOpen(m: ReturnType<RedisClient["multi"]>, day: string, norm: string, offered: string[], reason: UnansweredReason, by: number, text?: string, at?: number): void {
    const field = `${norm}${SEP}${JSON.stringify(offered)}`;
    m.hIncrBy(this.k("uc", day), field, by);
    m.hIncrBy(this.k("ur", day), `${field}${SEP}${reason}`, by);
    if (text !== undefined) m.hSet(this.k("ul", day), field, JSON.stringify({ text, at }));
  }

  async feedback(f: FeedbackRecord): Promise<void> {
    const m = this.client.multi();
    m.hIncrBy(this.k("d", f.day), `f:${f.rating}`, 1);
    m.zAdd(this.k("days"), { score: dayStart(f.day), value: f.day });
    m.expireAt(this.k("d", f.day), this.expiry(f.day));
    if (f.rating !== "useful") {
      this.countOpen(m, f.answerDay, f.norm, f.offered, "rated", 1, f.text, f.at);
      for (const part of ["uc", "ur", "ul"]) m.expireAt(this.k(part, f.answerDay), this.expiry(f.answerDay));
    }
    await m.exec();
    const raw = await this.client.get(this.k("last", f.user));
    if (raw) {
      const last = JSON.parse(raw) as LastReply;
      if (last.id === f.answerId) await this.client.set(this.k("last", f.user), JSON.stringify({ ...last, rated: f.rating }), { KEEPTTL: true });
    }
    await this.xadd(f.at, { t: "f", j: JSON.stringify(f) });
  }

  async lastOf(user: string): Promise<LastReply | null> {
    const raw = await this.client.get(this.k("last", user));
    return raw ? (JSON.parse(raw) as LastReply) : null;
  }

  async days(fromDay: string, toDay: string): Promise<DayCounts[]> {
    const days = await this.daysIn(fromDay, toDay);
    const hashes = await Promise.all(days.map((d) => this.client.hGetAll(this.k("d", d)) as Promise<Record<string, string>>));
    const out: DayCounts[] = [];
    days.forEach((day, i) => {
      const h = hashes[i];
      if (!Object.keys(h).length) return;
      const d: DayCounts = { day, outcomes: {}, feedback: {} };
      for (const [k, v] of Object.entries(h)) {
        if (k.startsWith("o:")) d.outcomes[k.slice(2) as Outcome] = Number(v);
        else if (k.startsWith("f:")) d.feedback[k.slice(2) as Rating] = Number(v);
      }
      out.push(d);
    });
    return out;
  }

  async topMeasures(fromDay: string, toDay: string, n: number): Promise<{ measureId: string; count: number }[]> {
    const days = await this.daysIn(fromDay, toDay);
    const hashes = await Promise.all(days.map((d) => this.client.hGetAll(this.k("d", d)) as Promise<Record<string, string>>));
    const counts = new Map<string, number>();
    for (const h of hashes) for (const [k, v] of Object.entries(h)) if (k.startsWith("m:")) counts.set(k.slice(2), (counts.get(k.slice(2)) ?? 0) + Number(v));
    return [...counts].map(([measureId, count]) => ({ measureId, count })).sort((a, b) => b.count - a.count || a.measureId.localeCompare(b.measureId)).slice(0, n);
  }

  async unanswered(fromDay: string, toDay: string, limit: number): Promise<UnansweredItem[]> {
    const days = await this.daysIn(fromDay, toDay);
    const read = (part: string) => Promise.all(days.map((d) => this.client.hGetAll(this.k(part, d)) as Promise<Record<string, string>>));
    const [uc, ur, ul] = await Promise.all([read("uc"), read("ur"), read("ul")]);
    const items = new Map<string, UnansweredItem & { r: Record<string, number> }>();
    days.forEach((_, i) => {
      for (const [field, v] of Object.entries(uc[i])) {
        const n = Number(v);
        if (n <= 0) continue;
        const [norm, offered] = field.split(SEP);
        const sample = ul[i][field] ? (JSON.parse(ul[i][field]) as { text: string; at: number }) : { text: norm, at: 0 };
        let it = items.get(field);
        if (!it) items.set(field, (it = { norm, text: sample.text, offered: JSON.parse(offered), count: 0, last: 0, reasons: [], r: {} }));
        it.count += n;
        if (sample.at > it.last) Object.assign(it, { last: sample.at, text: sample.text });
        for (const reason of REASONS) it.r[reason] = (it.r[reason] ?? 0) + Number(ur[i][`${field}${SEP}${reason}`] ?? 0);
      }
    });
    return [...items.values()]
      .map(({ r, ...it }) => ({ ...it, reasons: REASONS.filter((x) => r[x] > 0) }))
      .sort((a, b) => b.count - a.count || b.last - a.last)
      .slice(0, limit);
  }

  async recent(limit: number): Promise<LoggedQuestion[]> {
    const out: LoggedQuestion[] = [];
    let end = "+";
    while (out.length < limit) {
      const entries = (await this.client.xRevRange(this.k("log"), end, "-", { COUNT: Math.max(limit * 2, 50) })) ?? [];
      if (!entries.length) break;
      for (const e of entries) {
        const m = e.message as Record<string, string>;
        if (m.t === "q" && out.length < limit) out.push(JSON.parse(m.j) as LoggedQuestion);
      }
      const lastId = entries[entries.length - 1].id;
      const [ms, seq] = lastId.split("-").map(Number);
      end = seq > 0 ? `${ms}-${seq - 1}` : `${ms - 1}`;
      if (ms <= 0 && seq <= 0) break;
    }
    return out;
  }

  async trim(before: number): Promise<number> {
    const removed = await this.client.xTrim(this.k("log"), "MINID", before);
    const cutoffDay = new Date(before + 8 * 3600_000).toISOString().slice(0, 10);
    const old = await this.client.zRange(this.k("days"), "-inf", `(${dayStart(cutoffDay)}`, { BY: "SCORE" });
    if (old.length) {
      const m = this.client.multi();
      for (const day of old) for (const part of ["d", "uc", "ur", "ul"]) m.del(this.k(part, day));
      m.zRem(this.k("days"), old);
      await m.exec();
    }
    return Number(removed);
  }

  async close(): Promise<void> {}
}
