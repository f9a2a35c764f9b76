// Reminders for the composition root: the rules file, the state beside the ticket store (Redis
// when tickets are in Redis, else the data folder's database), the policy tasks and the scheduler.
import { resolve } from "node:path";
import type { Clock } from "../../core/clock.ts";
import type { Logger } from "../../core/log.ts";
import type { Pusher } from "../../core/delivery.ts";
import type { KnowledgeService } from "../../knowledge/service.ts";
import type { TicketService } from "../../tickets/service.ts";
import type { TicketStore } from "../../tickets/store.ts";
import type { WorkCalendar } from "../../tickets/calendar.ts";
import type { RedisClient } from "../../tickets/redis-store.ts";
import { loadReminderRules, validateRulesAgainst, RemindersConfigError, type ReminderRules } from "../../reminders/rules.ts";
import type { ReminderState } from "../../reminders/state.ts";
import { RedisReminderState } from "../../reminders/redis-state.ts";
import { SqliteReminderState } from "../../reminders/sqlite-state.ts";
import { migrateReminderFile } from "../../reminders/migrate.ts";
import type { Db } from "../../tickets/db.ts";
import { TaskService } from "../../reminders/task-service.ts";
import { ReminderScheduler } from "../../reminders/scheduler.ts";
import { WeeklyReportPush } from "../../reminders/weekly-push.ts";

export interface Reminders {
  rules: ReminderRules;
  state: ReminderState;
  tasks: TaskService;
  scheduler: ReminderScheduler;
  /** The Monday-morning weekly report summary to the supervising office's leaders. */
  weekly: WeeklyReportPush;
  /** Checks new rules against the directory and SLA and applies them; returns the problems, if any. */
  applyRules(next: ReminderRules): string[];
  close(): Promise<void>;
}

export interface RemindersOptions {
  configDir: string;
  dataDir: string;
  /** The data folder's database: reminder state of the embedded store. */
  db: Db;
  /** Set when tickets live in Redis: reminder markers live beside them. */
  redis: { client: RedisClient; prefix: string } | null;
  log: Logger;
  clock: Clock;
  store: TicketStore;
  calendar: WorkCalendar;
  tickets: TicketService;
  kb: KnowledgeService;
  pusher: Pusher;
  /** The weekly report's summary of the week before `now`. */
  weeklySummary: (now: Date) => Promise<string>;
}

const problemsOf = (rules: ReminderRules, tickets: TicketService) =>
  validateRulesAgainst(rules, Object.keys(tickets.directory().units), tickets.sla().deadlines.map((d) => d.kind));

export function openReminders(o: RemindersOptions): Reminders {
  const rules = loadReminderRules(o.configDir);
  const problems = problemsOf(rules, o.tickets);
  if (problems.length) throw new RemindersConfigError(`提醒规则校验失败:\n  ${problems.join("\n  ")}`);
  let state: ReminderState;
  if (o.redis) state = new RedisReminderState(o.redis.client, `${o.redis.prefix}rem:`);
  else {
    state = new SqliteReminderState(o.db, () => o.clock.now().getTime());
    migrateReminderFile(o.db, resolve(o.dataDir), o.log);
  }
  // The directory and SLA are read through the ticket service on every use, so an administrator's
  // edit in the console reaches reminders without a restart.
  const { tickets } = o;
  const taskDeps = { measures: () => o.kb.current().measures, state, calendar: o.calendar, clock: o.clock, rules, get directory() { return tickets.directory(); } };
  const tasks = new TaskService(taskDeps);
  const scheduler = new ReminderScheduler({
    tickets: o.store, tasks, state, pusher: o.pusher, clock: o.clock, calendar: o.calendar, rules,
    get sla() { return tickets.sla(); },
    get directory() { return tickets.directory(); },
    log: o.log.child({ part: "reminders" }),
  });
  const weekly = new WeeklyReportPush({
    clock: o.clock,
    calendar: o.calendar,
    state,
    pusher: o.pusher,
    log: o.log.child({ part: "weekly-report" }),
    get rules() { return taskDeps.rules; },
    get directory() { return tickets.directory(); },
    summary: o.weeklySummary,
    requeue: (to, text, err) => scheduler.queueRelay(to, text, err),
    owner: `weekly-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
  });
  return {
    rules,
    state,
    tasks,
    scheduler,
    weekly,
    applyRules(next: ReminderRules): string[] {
      const problems = problemsOf(next, tickets);
      if (problems.length) return problems;
      taskDeps.rules = next;
      scheduler.setRules(next);
      return [];
    },
    async close() {
      await weekly.stop();
      await scheduler.stop();
      await state.close();
    },
  };
}
