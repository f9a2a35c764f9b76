// Builds the reminder engine from the wired services: the rules file, the state next to the ticket
// store (Redis when tickets are in Redis, else the data folder), the task switches and the scheduler.
import { join, resolve } from "node:path";
import type { Config } from "../bot/config.ts";
import type { Clock } from "../bot/deps.ts";
import type { Logger } from "../bot/logger.ts";
import type { KnowledgeService } from "../knowledge/service.ts";
import type { TicketService } from "../tickets/service.ts";
import { RedisTicketStore } from "../tickets/redis-store.ts";
import { JournaledTicketStore } from "../tickets/journal.ts";
import type { Pusher } from "./pusher.ts";
import { loadReminderRules, validateRulesAgainst, RemindersConfigError, type ReminderRules } from "./rules.ts";
import type { ReminderState } from "./state.ts";
import { RedisReminderState } from "./redis-state.ts";
import { FileReminderState } from "./file-state.ts";
import { TaskService } from "./task-service.ts";
import { ReminderScheduler } from "./scheduler.ts";

export interface Reminders {
  rules: ReminderRules;
  state: ReminderState;
  tasks: TaskService;
  scheduler: ReminderScheduler;
  /** Checks new rules against the directory and SLA and applies them; returns the problems, if any. */
  applyRules(next: ReminderRules): string[];
  close(): Promise<void>;
}

export interface RemindersOptions {
  config: Pick<Config, "ZWB_CONFIG_DIR" | "ZWB_DATA_DIR" | "ZWB_REDIS_PREFIX">;
  log: Logger;
  clock: Clock;
  tickets: TicketService;
  kb: KnowledgeService;
  pusher: Pusher;
}

export function openReminders(o: RemindersOptions): Reminders {
  const rules = loadReminderRules(o.config.ZWB_CONFIG_DIR);
  const { store, calendar, directory, sla } = o.tickets.deps;
  const problems = validateRulesAgainst(rules, Object.keys(directory.units), sla.deadlines.map((d) => d.kind));
  if (problems.length) throw new RemindersConfigError(`提醒规则校验失败:\n  ${problems.join("\n  ")}`);
  const redis = store instanceof JournaledTicketStore ? store.redis : store instanceof RedisTicketStore ? store : null;
  const state: ReminderState = redis ? new RedisReminderState(redis.client, `${redis.prefix}rem:`) : new FileReminderState(join(resolve(o.config.ZWB_DATA_DIR), "reminders"), () => o.clock.now().getTime());
  // The directory and SLA are read through the ticket service on every use, so an administrator's
  // edit in the console reaches reminders without a restart.
  const live = o.tickets.deps;
  const taskDeps = { measures: () => o.kb.current().measures, state, calendar, clock: o.clock, rules, get directory() { return live.directory; } };
  const tasks = new TaskService(taskDeps);
  const scheduler = new ReminderScheduler({
    tickets: store, tasks, state, pusher: o.pusher, clock: o.clock, calendar, rules,
    get sla() { return live.sla; },
    get directory() { return live.directory; },
    log: o.log.child({ part: "reminders" }),
  });
  return {
    rules,
    state,
    tasks,
    scheduler,
    applyRules(next: ReminderRules): string[] {
      const problems = validateRulesAgainst(next, Object.keys(live.directory.units), live.sla.deadlines.map((d) => d.kind));
      if (problems.length) return problems;
      taskDeps.rules = next;
      scheduler.setRules(next);
      return [];
    },
    async close() {
      await scheduler.stop();
      await state.close();
    },
  };
}
