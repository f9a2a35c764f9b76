// The embedded question log: one SQLite file in ZWB_DATA_DIR (better-sqlite3, WAL mode so the bot
// and a CLI run can read while the other writes). The figures are GROUP BY queries over covering
// indexes by day, so a dashboard over a million logged questions stays well under a second.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Outcome } from "../core/message.ts";
import type { DayCounts, FeedbackRecord, LastReply, LoggedQuestion, QuestionStore, Rating, UnansweredItem, UnansweredReason } from "./types.ts";
import { RATEABLE_OUTCOMES } from "./outcomes.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS questions (
  id TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  day TEXT NOT NULL,
  channel TEXT NOT NULL,
  user TEXT NOT NULL,
  text TEXT NOT NULL,
  norm TEXT NOT NULL,
  outcome TEXT NOT NULL,
  confidence REAL,
  offered TEXT NOT NULL,
  top TEXT,
  kb TEXT,
  picked INTEGER NOT NULL DEFAULT 0,
  rating TEXT
);
CREATE INDEX IF NOT EXISTS questions_day ON questions (day, outcome, top);
CREATE INDEX IF NOT EXISTS questions_user ON questions (user, at);
CREATE INDEX IF NOT EXISTS questions_at ON questions (at);
CREATE INDEX IF NOT EXISTS questions_open ON questions (day, norm) WHERE outcome IN ('refuse', 'clarify') OR (outcome = 'suggest' AND picked = 0) OR rating IN ('useless', 'wrong');
CREATE TABLE IF NOT EXISTS feedback (
  id TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  day TEXT NOT NULL,
  user TEXT NOT NULL,
  answer_id TEXT NOT NULL,
  rating TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_day ON feedback (day, rating);
CREATE INDEX IF NOT EXISTS feedback_at ON feedback (at);
`;

const OPEN = `(outcome IN ('refuse', 'clarify') OR (outcome = 'suggest' AND picked = 0) OR rating IN ('useless', 'wrong'))`;
const RATEABLE_SQL = [...RATEABLE_OUTCOMES].map((o) => `'${o}'`).join(", ");

interface Row {
  id: string;
  at: number;
  day: string;
  channel: string;
  user: string;
  text: string;
  norm: string;
  outcome: string;
  confidence: number | null;
  offered: string;
  kb: string | null;
  picked: number;
  rating: string | null;
}

export class SqliteQuestionStore implements QuestionStore {
  readonly kind = "sqlite" as const;
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly pick: Database.Statement;
  private readonly appendTx: (batch: LoggedQuestion[]) => void;

  constructor(readonly file: string) {
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(SCHEMA);
    this.insert = this.db.prepare(
      `INSERT OR IGNORE INTO questions (id, at, day, channel, user, text, norm, outcome, confidence, offered, top, kb)
       VALUES (@id, @at, @day, @channel, @user, @text, @norm, @outcome, @confidence, @offered, @top, @kb)`,
    );
    this.pick = this.db.prepare(`UPDATE questions SET picked = 1 WHERE id = ?`);
    this.appendTx = this.db.transaction((batch: LoggedQuestion[]) => {
      for (const q of batch) {
        this.insert.run({ ...q, offered: JSON.stringify(q.offered), top: q.offered[0] ?? null, kb: q.kb ?? null });
        if (q.pickOf) this.pick.run(q.pickOf.id);
      }
    });
  }

  async append(batch: LoggedQuestion[]): Promise<void> {
    if (batch.length) this.appendTx(batch);
  }

  async feedback(f: FeedbackRecord): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare(`INSERT OR IGNORE INTO feedback (id, at, day, user, answer_id, rating) VALUES (?, ?, ?, ?, ?, ?)`).run(f.id, f.at, f.day, f.user, f.answerId, f.rating);
      this.db.prepare(`UPDATE questions SET rating = ? WHERE id = ?`).run(f.rating, f.answerId);
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
    const outs = this.db.prepare(`SELECT day, outcome, count(*) AS n FROM questions WHERE day BETWEEN ? AND ? GROUP BY day, outcome`).all(fromDay, toDay) as { day: string; outcome: Outcome; n: number }[];
    for (const r of outs) get(r.day).outcomes[r.outcome] = r.n;
    const fbs = this.db.prepare(`SELECT day, rating, count(*) AS n FROM feedback WHERE day BETWEEN ? AND ? GROUP BY day, rating`).all(fromDay, toDay) as { day: string; rating: Rating; n: number }[];
    for (const r of fbs) get(r.day).feedback[r.rating] = r.n;
    return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
  }

  async topMeasures(fromDay: string, toDay: string, n: number): Promise<{ measureId: string; count: number }[]> {
    return this.db
      .prepare(`SELECT top AS measureId, count(*) AS count FROM questions WHERE day BETWEEN ? AND ? AND outcome = 'answer' AND top IS NOT NULL GROUP BY top ORDER BY count DESC, top LIMIT ?`)
      .all(fromDay, toDay, n) as { measureId: string; count: number }[];
  }

  async unanswered(fromDay: string, toDay: string, limit: number): Promise<UnansweredItem[]> {
    const rows = this.db
      .prepare(
        `SELECT norm, max(text) AS text, offered, count(*) AS count, max(at) AS last,
                sum(outcome = 'refuse') AS refuse, sum(outcome = 'suggest' AND picked = 0) AS suggest,
                sum(outcome = 'clarify') AS clarify, sum(rating IN ('useless', 'wrong')) AS rated
         FROM questions INDEXED BY questions_open WHERE day BETWEEN ? AND ? AND ${OPEN}
         GROUP BY norm, offered ORDER BY count DESC, last DESC LIMIT ?`,
      )
      .all(fromDay, toDay, limit) as { norm: string; text: string; offered: string; count: number; last: number; refuse: number; suggest: number; clarify: number; rated: number }[];
    return rows.map((r) => {
      const reasons: UnansweredReason[] = [];
      if (r.refuse) reasons.push("refuse");
      if (r.suggest) reasons.push("suggest");
      if (r.clarify) reasons.push("clarify");
      if (r.rated) reasons.push("rated");
      return { norm: r.norm, text: r.text, offered: JSON.parse(r.offered), count: r.count, last: r.last, reasons };
    });
  }

  async recent(limit: number): Promise<LoggedQuestion[]> {
    const rows = this.db.prepare(`SELECT * FROM questions ORDER BY at DESC, rowid DESC LIMIT ?`).all(limit) as Row[];
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      day: r.day,
      channel: r.channel as LoggedQuestion["channel"],
      user: r.user,
      text: r.text,
      norm: r.norm,
      outcome: r.outcome as Outcome,
      confidence: r.confidence,
      offered: JSON.parse(r.offered),
      kb: r.kb,
    }));
  }

  async trim(before: number): Promise<number> {
    return this.db.transaction(() => {
      const n = this.db.prepare(`DELETE FROM questions WHERE at < ?`).run(before).changes;
      this.db.prepare(`DELETE FROM feedback WHERE at < ?`).run(before);
      return n;
    })();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
