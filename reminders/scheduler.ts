// The reminder sweep. A pass (inside working hours only) reads the open deadlines due before
// now + the longest lead time, works out each one's current ladder step, skips steps already marked
// done, and sends the rest person by person behind a claim (SET NX PX): two instances on one store
// send each push once, a crash mid-send frees the claim after the lease, and a failed push goes to
// the retry queue with exponential backoff.
import { randomUUID } from "node:crypto";
import type { Address } from "../core/message.ts";
import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/log.ts";
import type { TicketStore } from "../tickets/store.ts";
import type { Ticket, DueDeadline } from "../tickets/types.ts";
import { unitOfficers, type DirectoryConfig, type SlaConfig } from "../tickets/config.ts";
import { deadlineLabel } from "../tickets/sla.ts";
import type { WorkCalendar } from "../tickets/calendar.ts";
import { PushError, type Pusher } from "../core/delivery.ts";
import type { ReminderRules } from "./rules.ts";
import { maxLeadWorkdays } from "./rules.ts";
import { Ladder, type Step } from "./ladder.ts";
import { isFinal, type ReminderState, type RetryRecord } from "./state.ts";
import { reminderText, summarize, type ReminderSubject } from "./text.ts";
import type { TaskService } from "./task-service.ts";

export interface SchedulerDeps {
  tickets: TicketStore;
  tasks: TaskService | null;
  state: ReminderState;
  pusher: Pusher;
  clock: Clock;
  calendar: WorkCalendar;
  rules: ReminderRules;
  sla: SlaConfig;
  directory: DirectoryConfig;
  log: Logger;
  /** Names this instance in its claims (default: a random id). */
  owner?: string;
  /** Where the deadlines come from (default: the ticket store's feed). */
  feed?: DeadlineFeed;
}

export type DeadlineFeed = (horizon: Date, pageSize: number) => AsyncIterable<DueDeadline[]>;

export interface PlannedPush {
  key: string;
  stepKey: string;
  to: Address;
  role: "officer" | "leader" | "supervisor";
  text: string;
  source: RetryRecord["source"];
  step: string;
  at: string;
}

export interface PassReport {
  at: string;
  quiet: boolean;
  /** Deadlines inside the horizon looked at. */
  considered: number;
  /** Steps due and not yet marked done. */
  due: number;
  sent: PlannedPush[];
  retrying: number;
  failed: number;
  capped: boolean;
  durationMs: number;
}

interface Candidate {
  stepKey: string;
  step: Step;
  dueAt: Date;
  source: RetryRecord["source"];
}

const PAGE = 5000;
const CHUNK = 500;

export class ReminderScheduler {
  readonly name = "reminders";
  ladder: Ladder;
  private readonly owner: string;
  private readonly feed: DeadlineFeed;
  /** Steps known done: later passes skip them without asking the store. */
  private readonly doneCache = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<PassReport> | null = null;
  private stopped = false;

  /** New rules from the console apply from the next pass; markers of steps already sent stay valid. */
  setRules(rules: ReminderRules): void {
    this.deps.rules = rules;
    this.ladder = new Ladder(rules, this.deps.calendar);
  }

  constructor(readonly deps: SchedulerDeps) {
    this.ladder = new Ladder(deps.rules, deps.calendar);
    this.owner = deps.owner ?? randomUUID().slice(0, 8);
    this.feed = deps.feed ?? ((horizon, pageSize) => deps.tickets.deadlineFeed(horizon, pageSize));
  }

  /** One sending pass at the clock's time. */
  pass(): Promise<PassReport> {
    const run = (this.running ?? Promise.resolve(null)).catch(() => null).then(() => this.sweep(this.deps.clock.now(), false));
    this.running = run;
    return run;
  }

  /** What a pass at `at` would send, without claiming or sending anything. */
  preview(at: Date): Promise<PassReport> {
    return this.sweep(at, true);
  }

  private horizon(now: Date): Date {
    return this.deps.calendar.addWorkdays(now, maxLeadWorkdays(this.deps.rules) + 1).date;
  }

  private async candidates(now: Date): Promise<{ list: Candidate[]; considered: number }> {
    const kinds = this.deps.rules.kinds;
    const list: Candidate[] = [];
    let considered = 0;
    for await (const page of this.feed(this.horizon(now), PAGE)) {
      considered += page.length;
      for (const d of page) {
        if (kinds && !kinds.includes(d.kind)) continue;
        const dueAt = new Date(d.dueAt);
        const step = this.ladder.currentStep(dueAt, now);
        if (!step) continue;
        const stepKey = `t|${d.ticketId}|${d.kind}|${d.round}|${step.id}`;
        if (!this.doneCache.has(stepKey)) list.push({ stepKey, step, dueAt, source: { type: "ticket", id: d.ticketId, kind: d.kind, round: String(d.round) } });
      }
    }
    for (const t of (await this.deps.tasks?.openDeadlines()) ?? []) {
      considered++;
      const dueAt = new Date(t.dueAt);
      const step = this.ladder.currentStep(dueAt, now);
      if (!step) continue;
      const stepKey = `k|${t.task.id}|${t.round}|${step.id}`;
      if (!this.doneCache.has(stepKey)) list.push({ stepKey, step, dueAt, source: { type: "task", id: t.task.id, kind: "task", round: t.round } });
    }
    return { list, considered };
  }

  private remember(stepKey: string): void {
    if (this.doneCache.size > 200_000) this.doneCache.clear();
    this.doneCache.add(stepKey);
  }

  /** Who gets a step: the unit's officers; once escalated also its leaders and the supervising office. */
  targets(unit: string, escalate: boolean): { to: Address; role: PlannedPush["role"] }[] {
    const dir = this.deps.directory;
    const members = dir.units[unit] ?? [];
    const out: { to: Address; role: PlannedPush["role"] }[] = unitOfficers(dir, unit).map((to) => ({ to, role: "officer" }));
    if (escalate || !out.length) {
      for (const o of members.filter((x) => x.role === "leader")) out.push({ to: { channel: o.channel, userId: o.userId }, role: "leader" });
      for (const o of dir.units[dir.supervisingUnit] ?? []) out.push({ to: { channel: o.channel, userId: o.userId }, role: "supervisor" });
    }
    const seen = new Set<string>();
    return out.filter((t) => !seen.has(`${t.to.channel}:${t.to.userId}`) && seen.add(`${t.to.channel}:${t.to.userId}`));
  }

  /** The subject of a reminder, or null when its clock has stopped (met, resolved, task done). */
  private async subject(c: Candidate, tickets: Map<string, Promise<Ticket | null>>): Promise<ReminderSubject | null> {
    if (c.source.type === "ticket") {
      let p = tickets.get(c.source.id);
      if (!p) tickets.set(c.source.id, (p = this.deps.tickets.get(c.source.id)));
      const t = await p;
      const d = t?.deadlines.find((x) => x.kind === c.source.kind && String(x.round) === c.source.round);
      if (!t || !d || d.metAt) return null;
      return { type: "ticket", id: t.id, label: deadlineLabel(this.deps.sla, d.kind), kind: d.kind, category: t.category, unit: t.unit, summary: summarize(t.text), deadlineRule: d.rule, dueAt: new Date(d.dueAt) };
    }
    const task = (await this.deps.tasks?.openDeadlines())?.find((x) => x.task.id === c.source.id && x.round === c.source.round);
    if (!task) return null;
    const rule = `${task.task.docTitle}(${task.task.section}):“${task.task.text}${task.task.title}”`;
    return { type: "task", id: task.task.id, label: "任务", kind: "task", category: "政策任务", unit: task.task.unit, summary: task.task.title, deadlineRule: rule, dueAt: new Date(task.dueAt) };
  }

  private plan(c: Candidate, sub: ReminderSubject, now: Date): PlannedPush[] {
    const left = Math.max(0, this.deps.calendar.workdaysBetween(now, sub.dueAt));
    const targets = this.targets(sub.unit, c.step.escalate);
    const escalated = c.step.escalate ? `分管领导和督办单位(${this.deps.directory.supervisingUnit})` : undefined;
    const text = reminderText(sub, c.step, left, escalated);
    return targets.map((t) => ({ key: `${c.stepKey}@${t.to.channel}:${t.to.userId}`, stepKey: c.stepKey, to: t.to, role: t.role, text, source: c.source, step: c.step.id, at: now.toISOString() }));
  }

  private backoffMs(attempts: number): number {
    const r = this.deps.rules.retry;
    return Math.min(r.baseDelaySeconds * 2 ** (attempts - 1), r.maxDelaySeconds) * 1000;
  }

  /** Sends one claimed push; on failure queues a retry (or gives up on a permanent error). */
  private async deliver(p: PlannedPush, now: Date, attempts: number, report: PassReport): Promise<void> {
    const { state, log } = this.deps;
    try {
      await this.deps.pusher.push(p.to, p.text);
      await state.mark(p.key, "sent");
      if (attempts > 0) await state.dropRetry(p.key);
      report.sent.push(p);
    } catch (err) {
      const tries = attempts + 1;
      const permanent = err instanceof PushError && !err.retryable;
      if (permanent || tries >= this.deps.rules.retry.maxAttempts) {
        log.error({ err, key: p.key, to: p.to.channel, attempts: tries }, "reminder push failed for good");
        await state.mark(p.key, "failed");
        await state.dropRetry(p.key);
        report.failed++;
        return;
      }
      const nextAt = new Date(now.getTime() + this.backoffMs(tries)).toISOString();
      log.warn({ err, key: p.key, attempts: tries, nextAt }, "reminder push failed; will retry");
      await state.putRetry({ id: p.key, stepKey: p.stepKey, to: p.to, text: p.text, source: p.source, attempts: tries, nextAt, lastError: (err as Error).message ?? String(err) });
      await state.mark(p.key, "retry");
      report.retrying++;
    }
  }

  /**
   * Queues a message a handler could not deliver (an officer's reply to a complainant, a new-ticket
   * notice) on the same durable retry queue as reminders: retried with backoff, once, by one instance.
   */
  async queueRelay(to: Address, text: string, err: unknown): Promise<void> {
    const now = this.deps.clock.now();
    const id = `relay|${randomUUID()}|${to.channel}:${to.userId}`;
    await this.deps.state.putRetry({
      id, stepKey: id, to, text, source: { type: "relay", id, kind: "relay", round: "1" },
      attempts: 1, nextAt: new Date(now.getTime() + this.backoffMs(1)).toISOString(), lastError: (err as Error)?.message ?? String(err),
    });
    await this.deps.state.mark(id, "retry");
  }

  private async retries(now: Date, report: PassReport, tickets: Map<string, Promise<Ticket | null>>): Promise<void> {
    const { state, rules } = this.deps;
    for (const r of await state.dueRetries(now, rules.scheduler.maxSendsPerPass)) {
      if (!(await state.claim(`${r.id}#${r.attempts}`, this.owner, rules.scheduler.leaseSeconds * 1000))) continue;
      if (r.source.type === "relay") {
        // A relayed message has no clock that could have stopped: it is always still owed.
        await this.deliver({ key: r.id, stepKey: r.stepKey, to: r.to, role: "officer", text: r.text, source: r.source, step: "relay", at: now.toISOString() }, now, r.attempts, report);
        continue;
      }
      const stepId = r.stepKey.slice(r.stepKey.lastIndexOf("|") + 1);
      const sub = await this.subject({ stepKey: r.stepKey, step: { id: stepId } as Step, dueAt: now, source: r.source }, tickets);
      if (!sub) {
        // The clock stopped while the push waited: nothing to remind of any more.
        await state.dropRetry(r.id);
        await state.mark(r.id, "skipped");
        continue;
      }
      await this.deliver({ key: r.id, stepKey: r.stepKey, to: r.to, role: "officer", text: r.text, source: r.source, step: stepId, at: now.toISOString() }, now, r.attempts, report);
    }
  }

  private async sweep(now: Date, dryRun: boolean): Promise<PassReport> {
    const started = performance.now();
    const report: PassReport = { at: now.toISOString(), quiet: false, considered: 0, due: 0, sent: [], retrying: 0, failed: 0, capped: false, durationMs: 0 };
    const done = () => ({ ...report, durationMs: Math.round(performance.now() - started) });
    if (!this.ladder.inWorkingHours(now)) return { ...done(), quiet: true };
    const { state, rules } = this.deps;
    const tickets = new Map<string, Promise<Ticket | null>>();
    if (!dryRun) await this.retries(now, report, tickets);
    const { list, considered } = await this.candidates(now);
    report.considered = considered;
    const stepMarks = await state.marks(list.map((c) => c.stepKey));
    const open = list.filter((c, i) => {
      if (!isFinal(stepMarks[i])) return true;
      if (!dryRun) this.remember(c.stepKey);
      return false;
    });
    report.due = open.length;
    let budget = rules.scheduler.maxSendsPerPass;
    for (let i = 0; i < open.length && budget > 0; i += CHUNK) {
      const chunk = open.slice(i, i + CHUNK);
      const subjects = await Promise.all(chunk.map((c) => this.subject(c, tickets)));
      const plans = chunk.map((c, j) => (subjects[j] ? this.plan(c, subjects[j]!, now) : []));
      const marks = await state.marks(plans.flat().map((p) => p.key));
      let m = 0;
      await Promise.all(
        chunk.map(async (c, j) => {
          const mine = plans[j].map((p) => ({ p, mark: marks[m++] }));
          if (!subjects[j]) {
            if (!dryRun) await state.mark(c.stepKey, "skipped");
            return;
          }
          if (dryRun) {
            report.sent.push(...mine.filter((x) => x.mark === null).map((x) => x.p));
            return;
          }
          let finished = 0;
          await Promise.all(
            mine.map(async ({ p, mark }) => {
              if (isFinal(mark)) finished++;
              else if (mark === null && budget > 0) {
                budget--; // reserved before the await: concurrent sends share the cap
                if (await state.claim(p.key, this.owner, rules.scheduler.leaseSeconds * 1000)) {
                  await this.deliver(p, now, 0, report);
                  finished++;
                } else budget++;
              }
            }),
          );
          // Marked done only when every person is settled; a claim still in flight elsewhere keeps it open.
          if (finished === mine.length) {
            await state.mark(c.stepKey, "sent");
            this.remember(c.stepKey);
          }
        }),
      );
    }
    report.capped = budget <= 0;
    const out = done();
    if (!dryRun && (out.sent.length || out.retrying || out.failed)) this.deps.log.info({ sent: out.sent.length, retrying: out.retrying, failed: out.failed, considered: out.considered, ms: out.durationMs }, "reminder pass");
    return out;
  }

  /** Runs passes every scheduler.intervalSeconds (at once again when a pass hit its cap) until stop(). */
  start(): void {
    this.stopped = false;
    const tick = async () => {
      let again = false;
      try {
        again = (await this.pass()).capped;
      } catch (err) {
        this.deps.log.warn({ err }, "reminder pass failed");
      }
      if (!this.stopped) this.timer = setTimeout(tick, again ? 0 : this.deps.rules.scheduler.intervalSeconds * 1000).unref();
    };
    this.timer = setTimeout(tick, 1000).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}
