// The question log on Redis: a stream of entries (trimmed by MINID to the retention) for the record,
// and per-day hashes the figures read — outcome and feedback counts, answers per measure, and the
// distinct unanswered questions (one field each, "count|refuse|suggest|clarify|rated|last|text",
// changed by a small script so concurrent instances never lose a count) — so a dashboard reads two
// keys per day, never the whole stream. Every instance on one Redis writes and reads the same log.
import type { RedisClient } from "../tickets/redis-store.ts";
import type { Outcome } from "../core/message.ts";
import { RATEABLE_OUTCOMES } from "./outcomes.ts";
import type { DayCounts, FeedbackRecord, LastReply, LoggedQuestion, QuestionStore, Rating, UnansweredItem, UnansweredReason } from "./types.ts";

const SEP = "\u0001";
const REASONS: UnansweredReason[] = ["refuse", "suggest", "clarify", "rated"];

// KEYS[1] the day's hash; ARGV: field, dn, drefuse, dsuggest, dclarify, drated, at, text ("" keeps it).
// A decrement (a picked suggestion) of a field that is not there changes nothing.
const OPEN_LUA = `
local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v and ARGV[8] == '' then return 0 end
local c = {0, 0, 0, 0, 0, 0}
local text = ''
if v then
  local i = 1
  for k = 1, 6 do
    local j = string.find(v, '|', i, true)
    c[k] = tonumber(string.sub(v, i, j - 1))
    i = j + 1
  end
  text = string.sub(v, i)
end
for k = 1, 5 do c[k] = c[k] + tonumber(ARGV[k + 1]) end
local at = tonumber(ARGV[7])
if ARGV[8] ~= '' and at >= c[6] then c[6] = at; text = ARGV[8] end
redis.call('HSET', KEYS[1], ARGV[1], string.format('%d|%d|%d|%d|%d|%d|', c[1], c[2], c[3], c[4], c[5], c[6]) .. text)
return 1
`;

interface OpenDelta { day: string; field: string; d: number[]; at: number; text: string }

/** "count|refuse|suggest|clarify|rated|last|text" → its parts (the text may hold "|"). */
function unpack(v: string): { counts: number[]; last: number; text: string } {
  const counts: number[] = [];
  let i = 0;
  for (let k = 0; k < 6; k++) {
    const j = v.indexOf("|", i);
    counts.push(Number(v.slice(i, j)));
    i = j + 1;
  }
  return { counts: counts.slice(0, 5), last: counts[5], text: v.slice(i) };
}
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

  private sha: string | null = null;
  private async openScript(k: string, args: string[]): Promise<void> {
    try {
      this.sha ??= await this.client.scriptLoad(OPEN_LUA);
      await this.client.evalSha(this.sha, { keys: [k], arguments: args });
    } catch (err) {
      if (!String(err).includes("NOSCRIPT")) throw err;
      this.sha = null;
      await this.client.eval(OPEN_LUA, { keys: [k], arguments: args });
    }
  }

  /** Applies the batch's unanswered deltas, one script call per day and question. */
  private async applyOpen(deltas: Map<string, OpenDelta>): Promise<void> {
    await Promise.all([...deltas.values()].map((x) => this.openScript(this.k("u", x.day), [x.field, ...x.d.map(String), String(x.at), x.text])));
  }

  private static addOpen(deltas: Map<string, OpenDelta>, day: string, norm: string, offered: string[], reason: UnansweredReason, by: number, text = "", at = 0): void {
    const field = `${norm}${SEP}${JSON.stringify(offered)}`;
    const key = `${day}${SEP}${field}`;
    let x = deltas.get(key);
    if (!x) deltas.set(key, (x = { day, field, d: [0, 0, 0, 0, 0], at: 0, text: "" }));
    x.d[0] += by;
    x.d[1 + REASONS.indexOf(reason)] += by;
    if (text && at >= x.at) Object.assign(x, { at, text });
  }

  async append(batch: LoggedQuestion[]): Promise<void> {
    this.dayRead = null;
    const days = new Set<string>();
    const open = new Map<string, OpenDelta>();
    const picks = new Map<string, OpenDelta>();
    const m = this.client.multi();
    for (const q of batch) {
      days.add(q.day);
      m.hIncrBy(this.k("d", q.day), `o:${q.outcome}`, 1);
      if (q.outcome === "answer" && q.offered[0]) m.hIncrBy(this.k("d", q.day), `m:${q.offered[0]}`, 1);
      const reason = reasonOf(q);
      if (reason) RedisQuestionStore.addOpen(open, q.day, q.norm, q.offered, reason, 1, q.text, q.at);
      if (q.pickOf) RedisQuestionStore.addOpen(picks, q.pickOf.day, q.pickOf.norm, q.pickOf.offered, "suggest", -1);
      if (RATEABLE_OUTCOMES.has(q.outcome)) {
        const last: LastReply = { id: q.id, at: q.at, outcome: q.outcome, offered: q.offered, text: q.text, norm: q.norm };
        m.set(this.k("last", q.user), JSON.stringify(last), { EX: LAST_TTL_SECONDS });
      }
    }
    for (const day of days) {
      m.zAdd(this.k("days"), { score: dayStart(day), value: day });
    }
    await m.exec();
    await this.applyOpen(open);
    // After the counts: a suggestion and its pick may arrive in one batch.
    await this.applyOpen(picks);
    const e = this.client.multi();
    for (const day of days) for (const part of ["d", "u"]) e.expireAt(this.k(part, day), this.expiry(day));
    await e.exec();
    await Promise.all(batch.map((q) => this.xadd(q.at, { t: "q", j: JSON.stringify(q) })));
  }

  async feedback(f: FeedbackRecord): Promise<void> {
    const m = this.client.multi();
    m.hIncrBy(this.k("d", f.day), `f:${f.rating}`, 1);
    m.zAdd(this.k("days"), { score: dayStart(f.day), value: f.day });
    m.expireAt(this.k("d", f.day), this.expiry(f.day));
    await m.exec();
    if (f.rating !== "useful") {
      const open = new Map<string, OpenDelta>();
      RedisQuestionStore.addOpen(open, f.answerDay, f.norm, f.offered, "rated", 1, f.text, f.at);
      await this.applyOpen(open);
      await this.client.expireAt(this.k("u", f.answerDay), this.expiry(f.answerDay));
    }
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

  // The dashboard asks for the day counts and the top measures of one range together: read the
  // day hashes once for both.
  private dayRead: { key: string; at: number; p: Promise<{ days: string[]; hashes: Record<string, string>[] }> } | null = null;
  private dayHashes(fromDay: string, toDay: string): Promise<{ days: string[]; hashes: Record<string, string>[] }> {
    const key = `${fromDay}|${toDay}`;
    if (this.dayRead && this.dayRead.key === key && Date.now() - this.dayRead.at < 1000) return this.dayRead.p;
    const p = this.daysIn(fromDay, toDay).then(async (days) => ({ days, hashes: await Promise.all(days.map((d) => this.client.hGetAll(this.k("d", d)) as Promise<Record<string, string>>)) }));
    this.dayRead = { key, at: Date.now(), p };
    p.catch(() => (this.dayRead = null));
    return p;
  }

  async days(fromDay: string, toDay: string): Promise<DayCounts[]> {
    const { days, hashes } = await this.dayHashes(fromDay, toDay);
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
    const { hashes } = await this.dayHashes(fromDay, toDay);
    const counts = new Map<string, number>();
    for (const h of hashes) for (const [k, v] of Object.entries(h)) if (k.startsWith("m:")) counts.set(k.slice(2), (counts.get(k.slice(2)) ?? 0) + Number(v));
    return [...counts].map(([measureId, count]) => ({ measureId, count })).sort((a, b) => b.count - a.count || a.measureId.localeCompare(b.measureId)).slice(0, n);
  }

  async unanswered(fromDay: string, toDay: string, limit: number): Promise<UnansweredItem[]> {
    const days = await this.daysIn(fromDay, toDay);
    const hashes = await Promise.all(days.map((d) => this.client.hGetAll(this.k("u", d)) as Promise<Record<string, string>>));
    const items = new Map<string, { counts: number[]; last: number; text: string }>();
    for (const h of hashes)
      for (const [field, v] of Object.entries(h)) {
        const p = unpack(v);
        const it = items.get(field);
        if (!it) items.set(field, p);
        else {
          for (let k = 0; k < 5; k++) it.counts[k] += p.counts[k];
          if (p.last > it.last) Object.assign(it, { last: p.last, text: p.text });
        }
      }
    const out: UnansweredItem[] = [];
    for (const [field, it] of items) {
      if (it.counts[0] <= 0) continue;
      const cut = field.indexOf(SEP);
      out.push({ norm: field.slice(0, cut), text: it.text, offered: JSON.parse(field.slice(cut + 1)), count: it.counts[0], last: it.last, reasons: REASONS.filter((_, k) => it.counts[k + 1] > 0) });
    }
    return out.sort((a, b) => b.count - a.count || b.last - a.last).slice(0, limit);
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
      for (const day of old) for (const part of ["d", "u"]) m.del(this.k(part, day));
      m.zRem(this.k("days"), old);
      await m.exec();
    }
    return Number(removed);
  }

  async close(): Promise<void> {}
}
