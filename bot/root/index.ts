// The composition root: the one place that builds every adapter (Redis client, stores, audit log,
// knowledge service, LLM, pushers, scheduler) from the parsed config and hands them down as Deps.
// `npm start`, the CLI and the tests all build the bot here, and `createApp` composes the features.
import type { Config } from "../config.ts";
import type { Logger } from "../../core/log.ts";
import { systemClock, type Clock } from "../../core/clock.ts";
import { ChannelPusher } from "../../core/delivery.ts";
import type { Deps } from "../../handlers/deps.ts";
import type { TicketStore } from "../../tickets/store.ts";
import type { KnowledgeService } from "../../knowledge/service.ts";
import { LocalOutbox } from "../channels/local/outbox.ts";
import type { AuditLog } from "../admin/audit.ts";
import type { KbSync } from "../admin/kb-sync.ts";
import { connectRedis, closeRedis, type RedisClient } from "./redis.ts";
import { openKnowledgeOrThrow, openLlm } from "./knowledge.ts";
import { openTicketStore, openTickets } from "./tickets.ts";
import { openReminders, type Reminders } from "./reminders.ts";
import { openAudit, startConfigSync, startKbSync } from "./admin.ts";
import type { ConfigSync } from "../admin/config-sync.ts";
import { insightsSources, openQuestionLog } from "./insights.ts";
import type { InsightsSources } from "../../insights/stats.ts";
import { weeklyReport, weeklySummary } from "../../insights/weekly.ts";
import type { QuestionLog } from "../../insights/question-log.ts";
import type { WorkCalendar } from "../../tickets/calendar.ts";

export interface Root {
  config: Config;
  log: Logger;
  deps: Deps;
  /** Where pushes to console and HTTP users wait. */
  outbox: LocalOutbox;
  /** Doors register their senders here as they start. */
  pusher: ChannelPusher;
  store: TicketStore;
  audit: AuditLog;
  /** Cross-instance knowledge-base sync; null without a reachable Redis. */
  kbSync: KbSync | null;
  /** Rule files saved here reach the other instances; null without a reachable Redis. */
  configSync: ConfigSync | null;
  reminders: Reminders;
  /** Every reply, masked and keyed, for the insights (unanswered questions, figures). */
  questions: QuestionLog;
  /** The working-day calendar the ticket clocks use. */
  calendar: WorkCalendar;
  /** What the dashboard, `zwb insights` and the weekly report are computed from. */
  insights: InsightsSources;
  redis: RedisClient | null;
  close(): Promise<void>;
}

export async function buildRoot(config: Config, log: Logger, clock: Clock = systemClock): Promise<Root> {
  const kb: KnowledgeService = await openKnowledgeOrThrow(config, log);
  const redis = config.REDIS_URL ? (await connectRedis(config.REDIS_URL, log)).client : null;
  const ticketRedis = config.store === "redis" && redis ? { client: redis, prefix: config.ZWB_REDIS_PREFIX } : null;

  const outbox = new LocalOutbox(() => clock.now());
  const pusher = new ChannelPusher();
  pusher.register("local", outbox);
  pusher.register("http", outbox);

  const store = openTicketStore({ dataDir: config.ZWB_DATA_DIR, redis: ticketRedis }, log, () => clock.now());
  const { service: tickets, calendar, idSalt } = await openTickets(
    { configDir: config.ZWB_CONFIG_DIR, dataDir: config.ZWB_DATA_DIR, admins: config.ZWB_ADMIN_IDS, idSalt: config.ZWB_ID_SALT },
    store,
    log,
    clock,
  );
  const audit = openAudit(config.ZWB_DATA_DIR, redis, config.ZWB_REDIS_PREFIX, log);
  const kbSync = await startKbSync(kb, redis, config.ZWB_REDIS_PREFIX, log);
  const llm = await openLlm(config, log);
  const questions = openQuestionLog({
    dataDir: config.ZWB_DATA_DIR,
    redis: ticketRedis,
    retentionDays: config.ZWB_QUESTION_LOG_DAYS,
    secret: idSalt,
    clock,
    log,
    kbVersion: () => kb.version,
  });
  const insights = insightsSources({ questions: questions.store, store, calendar, tickets, kb });
  const reminders = openReminders({
    configDir: config.ZWB_CONFIG_DIR, dataDir: config.ZWB_DATA_DIR, redis: ticketRedis, log, clock, store, calendar, tickets, kb, pusher,
    weeklySummary: async (now) => weeklySummary(await weeklyReport(insights, null, now)),
  });

  const configSync = await startConfigSync(redis, config.ZWB_REDIS_PREFIX, { configDir: config.ZWB_CONFIG_DIR, tickets, applyReminderRules: (r) => reminders.applyRules(r) }, log);

  const deps: Deps = {
    log,
    clock,
    settings: { adminIds: config.ZWB_ADMIN_IDS, rateLimitPerMinute: config.ZWB_RATE_LIMIT_PER_MINUTE, botNames: config.ZWB_BOT_NAMES },
    kb,
    llm,
    tickets,
    tasks: reminders.tasks,
    scheduler: reminders.scheduler,
    weeklyReport: reminders.weekly,
    pusher,
    requeue: (to, text, err) => reminders.scheduler.queueRelay(to, text, err),
    audit,
    questions,
  };
  return {
    config,
    log,
    deps,
    outbox,
    pusher,
    store,
    audit,
    kbSync,
    configSync,
    reminders,
    questions,
    calendar,
    insights,
    redis,
    async close() {
      await reminders.close();
      await questions.close().catch((err) => log.warn({ err }, "question log close failed"));
      await kbSync?.stop();
      await configSync?.stop();
      await store.close();
      await closeRedis(redis);
    },
  };
}

/** The configured ticket store alone, for CLI commands that only read or list tickets; its close()
 * also closes the Redis connection opened for it. */
export async function openStoreOnly(config: Config, log: Logger): Promise<TicketStore> {
  const redis = config.store === "redis" && config.REDIS_URL ? (await connectRedis(config.REDIS_URL, log)).client : null;
  const store = openTicketStore({ dataDir: config.ZWB_DATA_DIR, redis: redis ? { client: redis, prefix: config.ZWB_REDIS_PREFIX } : null }, log);
  const closeStore = store.close.bind(store);
  return Object.assign(store, {
    async close() {
      await closeStore();
      await closeRedis(redis);
    },
  });
}

/** Redis for a one-shot administrative command, or null when unset or unreachable. */
export async function openRedisIfReachable(config: Config, log: Logger): Promise<RedisClient | null> {
  if (!config.REDIS_URL) return null;
  const { client, connected } = await connectRedis(config.REDIS_URL, log);
  if (connected) return client;
  client.destroy();
  return null;
}
