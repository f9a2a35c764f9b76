// The embedded question log: one SQLite file in ZWB_DATA_DIR (better-sqlite3, WAL mode so the bot
// and a CLI run can read while the other writes). Beside the raw log, per-day tables are kept up to
// date in the same transaction as each batch — outcome and feedback counts, answers per measure, the
// distinct unanswered questions — so the figures read a few rows per day, never the million entries.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Outcome } from "../core/message.ts";
import { shanghaiDay } from "../core/time.ts";
import type { DayCounts, FeedbackRecord, LastReply, LoggedQuestion, QuestionStore, Rating, UnansweredItem, UnansweredReason } from "./types.ts";
import { RATEABLE_OUTCOMES } from "./outcomes.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS questions (
  id TEXT PRIMARY KEY, at INTEGER NOT NULL, day TEXT NOT NULL, channel TEXT NOT NULL, user TEXT NOT NULL,
  text TEXT NOT NULL, norm TEXT NOT NULL, outcome TEXT NOT NULL, confidence REAL, offered TEXT NOT NULL,
  top TEXT, kb TEXT, picked INTEGER NOT NULL DEFAULT 0, rating TEXT
);
CREATE INDEX IF NOT EXISTS questions_user ON questions (user, at);
CREATE INDEX IF NOT EXISTS questions_at ON questions (at);
CREATE TABLE IF NOT EXISTS feedback (
  id TEXT PRIMARY KEY, at INTEGER NOT NULL, day TEXT NOT NULL, user TEXT NOT NULL, answer_id TEXT NOT NULL, rating TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_at ON feedback (at);
CREATE TABLE IF NOT EXISTS day_outcomes (day TEXT NOT NULL, outcome TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (day, outcome)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS day_feedback (day TEXT NOT NULL, rating TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (day, rating)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS day_measures (day TEXT NOT NULL, measure TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (day, measure)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS day_open (
  day TEXT NOT NULL, norm TEXT NOT NULL, offered TEXT NOT NULL, n INTEGER NOT NULL,
  refuse INTEGER NOT NULL, suggest INTEGER NOT NULL, clarify INTEGER NOT NULL, rated INTEGER NOT NULL,
  last INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (day, norm, offered)
) WITHOUT ROWID;
`;

const RATEABLE_SQL = [...RATEABLE_OUTCOMES].map((o) => `'${o}'`).join(", ");
const OPEN_REASON: Partial<Record<Outcome, UnansweredReason>> = { refuse: "refuse", suggest: "suggest", clarify: "clarify" };

interface Row {
  id: string; at: number; day: string; channel: string; user: string; text: string; norm: string;
  outcome: string; confidence: number | null; offered: string; kb: string | null; picked: number; rating: string | null;
}

interface OpenDelta { day: string; norm: string; offered: string; n: number; refuse: number; suggest: number; clarify: number; rated: number; last: number; text: string }

export class SqliteQuestionStore implements QuestionStore {
  readonly kind = "sqlite" as const;
  private readonly db: Database.Database;
  private readonly st: Record<string, Database.Statement>;

  constructor(readonly file: string) {
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(SCHEMA);
    const p = (sql: string) => this.db.prepare(sql);
    this.st = {
      insert: p(`INSERT OR IGNORE INTO questions (id, at, day, channel, user, text, norm, outcome, confidence, offered, top, kb)
                 VALUES (@id, @at, @day, @channel, @user, @text, @norm, @outcome, @confidence, @offered, @top, @kb)`),
      pick: p(`UPDATE questions SET picked = 1 WHERE id = ? AND picked = 0`),
      outcome: p(`INSERT INTO day_outcomes VALUES (?, ?, ?) ON CONFLICT (day, outcome) DO UPDATE SET n = n + excluded.n`),
      feedbackDay: p(`INSERT INTO day_feedback VALUES (?, ?, 1) ON CONFLICT (day, rating) DO UPDATE SET n = n + 1`),
      measure: p(`INSERT INTO day_measures VALUES (?, ?, ?) ON CONFLICT (day, measure) DO UPDATE SET n = n + excluded.n`),
      open: p(`INSERT INTO day_open VALUES (@day, @norm, @offered, @n, @refuse, @suggest, @clarify, @rated, @last, @text)
               ON CONFLICT (day, norm, offered) DO UPDATE SET n = n + excluded.n, refuse = refuse + excluded.refuse,
                 suggest = suggest + excluded.suggest, clarify = clarify + excluded.clarify, rated = rated + excluded.rated,
                 text = CASE WHEN excluded.last >= last THEN excluded.text ELSE text END, last = max(last, excluded.last)`),
      unpick: p(`UPDATE day_open SET n = n - 1, suggest = suggest - 1 WHERE day = ? AND norm = ? AND offered = ? AND suggest > 0`),
    };
    this.rebuildIfEmpty();
  }

  /** Per-day tables made from the raw log, when a log exists without them. */
  private rebuildIfEmpty(): void {
    const has = this.db.prepare(`SELECT 1 FROM day_outcomes LIMIT 1`).get();
    const raw = this.db.prepare(`SELECT 1 FROM questions LIMIT 1`).get();
    if (has || !raw) return;
    this.db.transaction(() => {
      this.db.exec(`INSERT INTO day_outcomes SELECT day, outcome, count(*) FROM questions GROUP BY day, outcome;
        INSERT INTO day_measures SELECT day, top, count(*) FROM questions WHERE outcome = 'answer' AND top IS NOT NULL GROUP BY day, top;
        INSERT INTO day_feedback SELECT day, rating, count(*) FROM feedback GROUP BY day, rating;
        INSERT INTO day_open SELECT day, norm, offered, count(*), coalesce(sum(outcome = 'refuse'), 0), coalesce(sum(outcome = 'suggest' AND picked = 0), 0),
          coalesce(sum(outcome = 'clarify'), 0), coalesce(sum(rating IN ('useless', 'wrong')), 0), max(at), text FROM questions
          WHERE outcome IN ('refuse', 'clarify') OR (outcome = 'suggest' AND picked = 0) OR rating IN ('useless', 'wrong') GROUP BY day, norm, offered;`);
    })();
  }

  async append(batch: LoggedQuestion[]): Promise<void> {
    if (!batch.length) return;
    this.db.transaction(() => {
      // A replayed entry (same id) is neither stored nor counted twice.
      const fresh = batch.filter((q) => this.st.insert.run({ ...q, offered: JSON.stringify(q.offered), top: q.offered[0] ?? null, kb: q.kb ?? null }).changes > 0);
      // Counted in memory first: one upsert per day and key, not one per entry.
      const outcomes = new Map<string, number>();
      const measures = new Map<string, number>();
      const open = new Map<string, OpenDelta>();
      for (const q of fresh) {
        const ok = `${q.day}\u0001${q.outcome}`;
        outcomes.set(ok, (outcomes.get(ok) ?? 0) + 1);
        if (q.outcome === "answer" && q.offered[0]) {
          const mk = `${q.day}\u0001${q.offered[0]}`;
          measures.set(mk, (measures.get(mk) ?? 0) + 1);
        }
        const reason = OPEN_REASON[q.outcome];
        if (!reason) continue;
        const offered = JSON.stringify(q.offered);
        const key = `${q.day}\u0001${q.norm}\u0001${offered}`;
        let d = open.get(key);
        if (!d) open.set(key, (d = { day: q.day, norm: q.norm, offered, n: 0, refuse: 0, suggest: 0, clarify: 0, rated: 0, last: 0, text: q.text }));
        d.n++;
        d[reason]++;
        if (q.at >= d.last) Object.assign(d, { last: q.at, text: q.text });
      }
      for (const [k, n] of outcomes) this.st.outcome.run(...k.split("\u0001"), n);
      for (const [k, n] of measures) this.st.measure.run(...k.split("\u0001"), n);
      for (const d of open.values()) this.st.open.run(d);
      // After the counts: a suggestion and its pick may arrive in one batch.
      for (const q of fresh) if (q.pickOf && this.st.pick.run(q.pickOf.id).changes) this.st.unpick.run(q.pickOf.day, q.pickOf.norm, JSON.stringify(q.pickOf.offered));
    })();
  }

  async feedback(f: FeedbackRecord): Promise<void> {
    this.db.transaction(() => {
      const added = this.db.prepare(`INSERT OR IGNORE INTO feedback (id, at, day, user, answer_id, rating) VALUES (?, ?, ?, ?, ?, ?)`).run(f.id, f.at, f.day, f.user, f.answerId, f.rating).changes;
      if (!added) return;
      this.db.prepare(`UPDATE questions SET rating = ? WHERE id = ?`).run(f.rating, f.answerId);
      this.st.feedbackDay.run(f.day, f.rating);
      if (f.rating !== "useful")
        this.st.open.run({ day: f.answerDay, norm: f.norm, offered: JSON.stringify(f.offered), n: 1, refuse: 0, suggest: 0, clarify: 0, rated: 1, last: f.at, text: f.text });
    })();
  }

  async lastOf(user: string): Promise<LastReply | null> {
    const r = this.db
      .prepare(`SELECT id, at, outcome, offered, text, norm, rating FROM questions WHERE user = ? AND outcome IN (${RATEABLE_SQL}) ORDER BY at DESC LIMIT 1`)
      .get(user) as Row | undefined;
    if (!r) return null;
    return { id: r.id, at: r.at, outcome: r.outcome as Outcome, offered: JSON.parse(r.offered), text: r.text, norm: r.norm, ...(r.rating ? { rated: r.rating as Rating } : {}) };
  }

  async days(fromDay: string, toDay: string): Promise<DayCounts[]> {
    const byDay = new Map<string, DayCounts>();
    const get = (day: string) => {
      let d = byDay.get(day);
      if (!d) byDay.set(day, (d = { day, outcomes: {}, feedback: {} }));
      return d;
    };
    for (const r of this.db.prepare(`SELECT day, outcome, n FROM day_outcomes WHERE day BETWEEN ? AND ? AND n > 0`).all(fromDay, toDay) as { day: string; outcome: Outcome; n: number }[]) get(r.day).outcomes[r.outcome] = r.n;
    for (const r of this.db.prepare(`SELECT day, rating, n FROM day_feedback WHERE day BETWEEN ? AND ? AND n > 0`).all(fromDay, toDay) as { day: string; rating: Rating; n: number }[]) get(r.day).feedback[r.rating] = r.n;
    return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
  }

  async topMeasures(fromDay: string, toDay: string, n: number): Promise<{ measureId: string; count: number }[]> {
    return this.db
      .prepare(`SELECT measure AS measureId, sum(n) AS count FROM day_measures WHERE day BETWEEN ? AND ? GROUP BY measure ORDER BY count DESC, measure LIMIT ?`)
      .all(fromDay, toDay, n) as { measureId: string; count: number }[];
  }

  async unanswered(fromDay: string, toDay: string, limit: number): Promise<UnansweredItem[]> {
    // With one max() aggregate, SQLite takes the bare column `text` from the row holding it: the latest wording.
    const rows = this.db
      .prepare(
        `SELECT norm, offered, sum(n) AS count, max(last) AS last, text, sum(refuse) AS refuse, sum(suggest) AS suggest, sum(clarify) AS clarify, sum(rated) AS rated
         FROM day_open WHERE day BETWEEN ? AND ? GROUP BY norm, offered HAVING count > 0 ORDER BY count DESC, last DESC LIMIT ?`,
      )
      .all(fromDay, toDay, limit) as { norm: string; text: string; offered: string; count: number; last: number; refuse: number; suggest: number; clarify: number; rated: number }[];
    return rows.map((r) => ({
      norm: r.norm,
      text: r.text,
      offered: JSON.parse(r.offered),
      count: r.count,
      last: r.last,
      reasons: (["refuse", "suggest", "clarify", "rated"] as const).filter((x) => r[x] > 0),
    }));
  }

  async recent(limit: number): Promise<LoggedQuestion[]> {
    const rows = this.db.prepare(`SELECT * FROM questions ORDER BY at DESC, rowid DESC LIMIT ?`).all(limit) as Row[];
    return rows.map((r) => ({
      id: r.id, at: r.at, day: r.day, channel: r.channel as LoggedQuestion["channel"], user: r.user, text: r.text, norm: r.norm,
      outcome: r.outcome as Outcome, confidence: r.confidence, offered: JSON.parse(r.offered), kb: r.kb,
    }));
  }

  /** Entries before `before` go; the day tables keep whole days from the day holding it. */
  async trim(before: number): Promise<number> {
    const day = shanghaiDay(new Date(before));
    return this.db.transaction(() => {
      const n = this.db.prepare(`DELETE FROM questions WHERE at < ?`).run(before).changes;
      this.db.prepare(`DELETE FROM feedback WHERE at < ?`).run(before);
      for (const t of ["day_outcomes", "day_feedback", "day_measures", "day_open"]) this.db.prepare(`DELETE FROM ${t} WHERE day < ?`).run(day);
      return n;
    })();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
