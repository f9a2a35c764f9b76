// The weekly report's summary, pushed to the supervising office's leaders on the first working day
// of each week at the configured time (config/reminders.json weeklyReport). Each person gets it
// once per week whatever the number of instances: the same claim-then-mark markers as the deadline
// reminders, and a failed push goes to the same retry queue.
import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/log.ts";
import type { Address } from "../core/message.ts";
import type { Pusher } from "../core/delivery.ts";
import type { BackgroundJob } from "../core/feature.ts";
import { addDays, atBeijing, shanghaiDay } from "../core/time.ts";
import type { WorkCalendar } from "../tickets/calendar.ts";
import type { DirectoryConfig } from "../tickets/config.ts";
import type { ReminderRules } from "./rules.ts";
import type { ReminderState } from "./state.ts";
import { lastFullWeek, mondayOfDay, weekOfDay } from "../insights/weeks.ts";

export interface WeeklyPushDeps {
  clock: Clock;
  calendar: WorkCalendar;
  state: ReminderState;
  pusher: Pusher;
  log: Logger;
  readonly rules: ReminderRules;
  readonly directory: DirectoryConfig;
  /** The summary of the week before `now` (insights/weekly.ts). */
  summary(now: Date): Promise<string>;
  /** Puts a failed push on the durable retry queue. */
  requeue(to: Address, text: string, err: unknown): Promise<void>;
  owner: string;
}

export class WeeklyReportPush implements BackgroundJob {
  readonly name = "weekly-report";
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: WeeklyPushDeps) {}

  /** This week's push time: the configured weekday, or the first working day after it, at the configured hour. */
  dueAt(now: Date): Date {
    const w = this.deps.rules.weeklyReport;
    let day = addDays(mondayOfDay(shanghaiDay(now)), w.weekday - 1);
    for (let i = 0; i < 7 && !this.deps.calendar.isWorkday(atBeijing(day, "12:00")); i++) day = addDays(day, 1);
    return atBeijing(day, w.at);
  }

  recipients(): Address[] {
    const w = this.deps.rules.weeklyReport;
    const d = this.deps.directory;
    const units = w.units?.length ? w.units : [d.supervisingUnit];
    const seen = new Set<string>();
    const out: Address[] = [];
    for (const u of units)
      for (const o of d.units[u] ?? [])
        if (w.roles.includes(o.role) && !seen.has(`${o.channel}:${o.userId}`)) {
          seen.add(`${o.channel}:${o.userId}`);
          out.push({ channel: o.channel, userId: o.userId });
        }
    return out;
  }

  /** Sends this week's summary to whoever has not had it; returns how many were sent now. */
  async runOnce(): Promise<number> {
    const w = this.deps.rules.weeklyReport;
    const now = this.deps.clock.now();
    if (!w.enabled || now < this.dueAt(now)) return 0;
    const week = weekOfDay(shanghaiDay(now)).id;
    const to = this.recipients();
    const keys = to.map((a) => `weekly:${week}:${a.channel}:${a.userId}`);
    const marks = await this.deps.state.marks(keys);
    const pending = to.filter((_, i) => marks[i] === null);
    if (!pending.length) return 0;
    const text = await this.deps.summary(now);
    let sent = 0;
    for (const a of pending) {
      const key = `weekly:${week}:${a.channel}:${a.userId}`;
      if (!(await this.deps.state.claim(key, this.deps.owner, 120_000))) continue;
      try {
        await this.deps.pusher.push(a, text);
        sent++;
      } catch (err) {
        this.deps.log.warn({ err, to: a.channel }, "weekly report push failed; queued for retry");
        await this.deps.requeue(a, text, err).catch(() => undefined);
      }
      await this.deps.state.mark(key, "sent");
    }
    if (sent) this.deps.log.info({ week: lastFullWeek(now).id, sent }, "weekly report pushed");
    return sent;
  }

  start(): void {
    this.stopped = false;
    const tick = async () => {
      await this.runOnce().catch((err) => this.deps.log.warn({ err }, "weekly report pass failed"));
      if (!this.stopped) this.timer = setTimeout(tick, 60_000).unref();
    };
    this.timer = setTimeout(tick, 5_000).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
