// The composition root: the one place that builds every adapter (Redis client, stores, audit log,
// knowledge service, LLM, pushers, scheduler) from the parsed config and hands them down as Deps.
// `npm start`, the CLI and the tests all build the bot here, and `createApp` composes the features.
import type { Config } from "../config.ts";
import type { Logger } from "../../core/log.ts";
import { systemClock, type Clock } from "../../core/clock.ts";
import { ChannelPusher, PushError } from "../../core/delivery.ts";
import type { Deps } from "../../handlers/deps.ts";
import type { TicketStore } from "../../tickets/store.ts";
import type { KnowledgeService } from "../../knowledge/service.ts";
import { LocalOutbox } from "../channels/local/outbox.ts";
import type { AuditLog } from "../admin/audit.ts";
import type { KbSync } from "../admin/kb-sync.ts";
import { connectRedis, closeRedis, checkDurability, type Durability, type RedisClient } from "./redis.ts";
import { openServingKnowledge, openLlm, openLanguage } from "./knowledge.ts";
import { openDataDb, openTicketStore, openTickets } from "./tickets.ts";
import { RedisHealth } from "../../tickets/redis-health.ts";
import { JournaledTicketStore } from "../../tickets/journaled-store.ts";
import type { Db } from "../../tickets/db.ts";
import { adminIdsFor } from "./trust.ts";
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
  /** Whether Redis answers now (null without Redis): the guards, the journal and /healthz read it. */
  redisHealth: RedisHealth | null;
  /** What the Redis that holds the tickets keeps on disk, read at start (null without Redis). */
  durability: Durability | null;
  /** The data folder's SQLite database (embedded store, journal, reminder state). */
  db: Db;
  /** Complaints waiting in the journal for Redis (null without Redis). */
  journalPending: (() => number) | null;
  close(): Promise<void>;
}

export async function buildRoot(config: Config, log: Logger, clock: Clock = systemClock): Promise<Root> {
  const kb: KnowledgeService = await openServingKnowledge(config, log);
  const prefix = config.ZWB_REDIS_PREFIX;
  const connected = config.REDIS_URL ? await connectRedis(config.REDIS_URL, log, 3000, config.ZWB_REDIS_TIMEOUT_MS) : null;
  const redis = connected?.client ?? null;
  const redisHealth = redis ? new RedisHealth(redis, `${prefix}health`, log) : null;
  const ticketRedis = config.store === "redis" && redis ? { client: redis, prefix, health: redisHealth! } : null;
  // Read at start when Redis answers, and again when it first comes back if it did not.
  let durability: Durability | null = null;
  if (ticketRedis && connected?.connected) durability = await checkDurability(redis!, log);
  else if (ticketRedis) {
    const off = redisHealth!.onRecover(() => {
      off();
      void checkDurability(redis!, log).then((d) => (durability = d));
    });
  }
  const db = openDataDb(config.ZWB_DATA_DIR, log);

  const outbox = new LocalOutbox(() => clock.now());
  const pusher = new ChannelPusher();
  pusher.register("local", outbox);
  // An HTTP user reads pushes with GET /api/outbox/:user from the process that serves HTTP; that
  // process registers its outbox for "http" (createHttpApp). Anywhere else (the CLI console, a
  // one-shot command) a push to an HTTP user is not delivered here: it goes to the durable retry
  // queue, which the serving process drains, and the sender is told it is queued, not delivered.
  pusher.register("http", {
    async push() {
      throw new PushError("the HTTP door is served by another process; queued for it", true);
    },
  });

  const store = openTicketStore({ db, redis: ticketRedis, waitMs: config.ZWB_REDIS_TIMEOUT_MS }, log, () => clock.now());
  const adminIds = adminIdsFor(config, log);
  const { service: tickets, calendar, idSalt } = await openTickets(
    { configDir: config.ZWB_CONFIG_DIR, dataDir: config.ZWB_DATA_DIR, admins: adminIds, idSalt: config.ZWB_ID_SALT, attachmentMaxBytes: config.ZWB_ATTACHMENT_MAX_BYTES },
    store,
    log,
    clock,
  );
  const audit = openAudit(config.ZWB_DATA_DIR, redis, prefix, log);
  const kbSync = await startKbSync(kb, redis, redisHealth, prefix, log);
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
    configDir: config.ZWB_CONFIG_DIR, dataDir: config.ZWB_DATA_DIR, db, redis: ticketRedis, log, clock, store, calendar, tickets, kb, pusher,
    weeklySummary: async (now) => weeklySummary(await weeklyReport(insights, null, now)),
  });
  if (store instanceof JournaledTicketStore)
    // Officers hear of a journaled complaint once it is in Redis, under its final number; a push that
    // fails waits on the durable retry queue like any other.
    store.onReplayed(async (r) => {
      for (const p of tickets.replayNotices(r))
        await pusher.push(p.to, p.text).catch((err) => reminders.scheduler.queueRelay(p.to, p.text, err));
    });
  // Replay starts once officers can be told of what it lands (onReplayed above).
  if (store instanceof JournaledTicketStore) store.startReplay();
  const language = await openLanguage(config, kb, log);

  const configSync = await startConfigSync(redis, config.ZWB_REDIS_PREFIX, { configDir: config.ZWB_CONFIG_DIR, tickets, applyReminderRules: (r) => reminders.applyRules(r) }, log);

  const deps: Deps = {
    log,
    clock,
    settings: { adminIds, rateLimitPerMinute: config.ZWB_RATE_LIMIT_PER_MINUTE, botNames: config.ZWB_BOT_NAMES, attachmentMaxBytes: config.ZWB_ATTACHMENT_MAX_BYTES },
    kb,
    language,
    llm,
    tickets,
    tasks: reminders.tasks,
    scheduler: reminders.scheduler,
    weeklyReport: reminders.weekly,
    pusher,
    requeue: (to, text, err) => reminders.scheduler.queueRelay(to, text, err),
    audit,
    questions,
    shared: redis && redisHealth ? { client: redis, prefix, health: redisHealth } : null,
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
    redisHealth,
    get durability() {
      return durability;
    },
    db,
    journalPending: store instanceof JournaledTicketStore ? () => store.journal.pendingCount() : null,
    async close() {
      await reminders.close();
      await questions.close().catch((err) => log.warn({ err }, "question log close failed"));
      await kbSync?.stop();
      await configSync?.stop();
      await store.close();
      redisHealth?.stop();
      await closeRedis(redis);
      db.close();
    },
  };
}

/** The configured ticket store alone, for CLI commands that only read or list tickets; its close()
 * also closes the Redis connection and the database opened for it. It never replays the journal:
 * that is the bot's work, with the officers' notices that go with it. */
export async function openStoreOnly(config: Config, log: Logger): Promise<TicketStore> {
  const redis = config.store === "redis" && config.REDIS_URL ? (await connectRedis(config.REDIS_URL, log, 3000, config.ZWB_REDIS_TIMEOUT_MS)).client : null;
  const db = openDataDb(config.ZWB_DATA_DIR, log);
  const store = openTicketStore({ db, redis: redis ? { client: redis, prefix: config.ZWB_REDIS_PREFIX } : null }, log);
  const closeStore = store.close.bind(store);
  return Object.assign(store, {
    async close() {
      await closeStore();
      await closeRedis(redis);
      db.close();
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
