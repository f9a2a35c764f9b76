// The question log: every reply the bot makes is recorded here once, from one place in the pipeline
// (bot/app.ts). record() is synchronous and cheap — it only queues the reply — so logging never adds
// to what a person waits for; the queue is masked (core/privacy.ts), keyed (HMAC user key) and
// written in batches in the background, and a failing store is logged, never thrown.
import { randomBytes } from "node:crypto";
import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/log.ts";
import type { IncomingMessage, Reply } from "../core/message.ts";
import { scrub } from "../core/privacy.ts";
import { userKey } from "../core/user-key.ts";
import { shanghaiDay } from "../core/time.ts";
import { normQuestion } from "./normalize.ts";
import { RATEABLE_OUTCOMES } from "./outcomes.ts";
import { MAX_TEXT, type FeedbackRecord, type LastReply, type LoggedQuestion, type QuestionStore, type Rating } from "./types.ts";

export interface QuestionLogOptions {
  store: QuestionStore;
  /** The secret of the HMAC user key (ZWB_ID_SALT or the data folder's key). */
  secret: string;
  clock: Clock;
  log: Logger;
  /** Days kept (ZWB_QUESTION_LOG_DAYS). */
  retentionDays: number;
  /** A suggestion counts as picked when the same person's next answer cites one of its measures within this time. */
  pickWindowMs?: number;
  /** Feedback binds to a reply at most this old. */
  feedbackWindowMs?: number;
  /** The knowledge-base version serving, recorded with each reply. */
  kbVersion?: () => string | null;
}

interface Pending {
  id: string;
  at: number;
  msg: IncomingMessage;
  reply: Reply;
  kb: string | null;
  /** This person's reply before this one, when this instance made it. */
  prev: LastReply | null;
  /** What this reply is remembered as (filled with its masked text when written). */
  self: LastReply | null;
}

const BATCH = 500;
const LOCAL_LAST = 20_000;

export class QuestionLog {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private scheduled = false;
  /** Last reply per raw "channel:userId", this instance only: feedback right after an answer needs no store round trip. */
  private readonly last = new Map<string, LastReply>();
  private readonly keys = new Map<string, string>();
  private seq = 0;
  private readonly idBase = randomBytes(4).toString("hex");
  private lastTrim = 0;
  private closed = false;

  constructor(private readonly o: QuestionLogOptions) {}

  get store(): QuestionStore {
    return this.o.store;
  }

  /** The HMAC key of a person (cached: a busy chat asks for the same few people). */
  keyOf(channel: string, userId: string): string {
    const raw = `${channel}:${userId}`;
    let k = this.keys.get(raw);
    if (!k) {
      k = userKey(this.o.secret, channel, userId);
      if (this.keys.size > LOCAL_LAST) this.keys.clear();
      this.keys.set(raw, k);
    }
    return k;
  }

  /** Queues one reply; returns its id. Never throws, never waits. */
  record(msg: IncomingMessage, reply: Reply): string | null {
    if (!reply.outcome || this.closed) return null;
    const at = this.o.clock.now().getTime();
    const id = `${at.toString(36)}-${this.idBase}-${(++this.seq).toString(36)}`;
    const raw = `${msg.channel}:${msg.userId}`;
    const prev = this.last.get(raw) ?? null;
    const self: LastReply | null = RATEABLE_OUTCOMES.has(reply.outcome) ? { id, at, outcome: reply.outcome, offered: reply.offered ?? [], text: "", norm: "" } : null;
    this.queue.push({ id, at, msg, reply, kb: this.o.kbVersion?.() ?? null, prev, self });
    if (self) {
      this.last.delete(raw);
      this.last.set(raw, self);
      if (this.last.size > LOCAL_LAST) this.last.delete(this.last.keys().next().value as string);
    }
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.flush();
      });
    }
    return id;
  }

  /** Writes what is queued; resolves when it is in the store (or failed and was logged). */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => (this.queue.length ? this.flush() : undefined));
    if (!this.queue.length) return Promise.resolve();
    const run = this.drain().finally(() => {
      this.flushing = null;
    });
    this.flushing = run;
    return run;
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, BATCH);
      const rows: LoggedQuestion[] = [];
      for (const p of batch) rows.push(await this.toRow(p));
      try {
        await this.o.store.append(rows);
      } catch (err) {
        this.o.log.warn({ err, lost: rows.length }, "question log write failed; these replies are not in the log");
      }
    }
    await this.maybeTrim();
  }

  private async toRow(p: Pending): Promise<LoggedQuestion> {
    const text = scrub(p.msg.text).slice(0, MAX_TEXT);
    const user = this.keyOf(p.msg.channel, p.msg.userId);
    const offered = p.reply.offered ?? [];
    const row: LoggedQuestion = {
      id: p.id,
      at: p.at,
      day: shanghaiDay(new Date(p.at)),
      channel: p.msg.channel,
      user,
      text,
      norm: normQuestion(text),
      outcome: p.reply.outcome!,
      confidence: typeof p.reply.confidence === "number" ? p.reply.confidence : null,
      offered,
      kb: p.kb,
    };
    if (p.self) Object.assign(p.self, { text, norm: row.norm });
    // An answer citing a measure the same person was just offered picks that suggestion.
    if (row.outcome === "answer" && offered.length) {
      // Not made here: the store's last entry for this person is the one before (this row is not written yet).
      const prev = p.prev ?? (await this.o.store.lastOf(user).catch(() => null));
      if (prev?.outcome === "suggest" && p.at - prev.at <= (this.o.pickWindowMs ?? 30 * 60_000) && prev.offered.includes(offered[0])) row.pickOf = { id: prev.id, day: shanghaiDay(new Date(prev.at)), norm: prev.norm, offered: prev.offered };
    }
    return row;
  }

  /** The last reply a person got, if it was recent enough to rate. */
  async lastReply(msg: Pick<IncomingMessage, "channel" | "userId">): Promise<LastReply | null> {
    const raw = `${msg.channel}:${msg.userId}`;
    const window = this.o.feedbackWindowMs ?? 30 * 60_000;
    const now = this.o.clock.now().getTime();
    let r = this.last.get(raw) ?? null;
    if (!r) r = await this.o.store.lastOf(this.keyOf(msg.channel, msg.userId)).catch(() => null);
    if (!r || now - r.at > window) return null;
    if (!r.norm) {
      // Still queued: its masked text is made now, the same way the row will be.
      const p = this.queue.find((q) => q.id === r!.id);
      if (p) Object.assign(r, { text: scrub(p.msg.text).slice(0, MAX_TEXT), norm: normQuestion(scrub(p.msg.text).slice(0, MAX_TEXT)) });
    }
    return r;
  }

  /** Records a rating of the reply `to` (a second rating of the same reply is the caller's to refuse). */
  async feedback(msg: Pick<IncomingMessage, "channel" | "userId">, to: LastReply, rating: Rating): Promise<void> {
    const at = this.o.clock.now().getTime();
    const f: FeedbackRecord = {
      id: `f-${at.toString(36)}-${this.idBase}-${(++this.seq).toString(36)}`,
      at,
      day: shanghaiDay(new Date(at)),
      user: this.keyOf(msg.channel, msg.userId),
      answerId: to.id,
      answerDay: shanghaiDay(new Date(to.at)),
      rating,
      norm: to.norm,
      text: to.text,
      offered: to.offered,
      outcome: to.outcome,
    };
    to.rated = rating;
    // The rated reply must be in the store before its rating points at it.
    await this.flush();
    await this.o.store.feedback(f);
  }

  private async maybeTrim(): Promise<void> {
    const now = this.o.clock.now().getTime();
    if (now - this.lastTrim < 3600_000) return;
    this.lastTrim = now;
    await this.trim().catch((err) => this.o.log.warn({ err }, "question log retention trim failed"));
  }

  /** Drops entries older than the retention. */
  trim(): Promise<number> {
    return this.o.store.trim(this.o.clock.now().getTime() - this.o.retentionDays * 86_400_000);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    await this.o.store.close();
  }
}
