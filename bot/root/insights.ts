// The question log for the composition root: Redis (beside the tickets) when tickets are in Redis,
// else an embedded SQLite file in the data folder.
import { join, resolve } from "node:path";
import type { Clock } from "../../core/clock.ts";
import type { Logger } from "../../core/log.ts";
import type { RedisClient } from "../../tickets/redis-store.ts";
import type { QuestionStore } from "../../insights/types.ts";
import { QuestionLog } from "../../insights/question-log.ts";
import { RedisQuestionStore } from "../../insights/redis-store.ts";
import { SqliteQuestionStore } from "../../insights/sqlite-store.ts";
import type { InsightsSources } from "../../insights/stats.ts";
import type { TicketStore } from "../../tickets/store.ts";
import type { TicketService } from "../../tickets/service.ts";
import type { WorkCalendar } from "../../tickets/calendar.ts";
import type { KnowledgeService } from "../../knowledge/service.ts";

export interface QuestionLogOptions {
  dataDir: string;
  redis: { client: RedisClient; prefix: string } | null;
  retentionDays: number;
  secret: string;
  clock: Clock;
  log: Logger;
  kbVersion: () => string | null;
}

export const questionsFileOf = (dataDir: string) => join(resolve(dataDir), "insights", "questions.sqlite");

export function openQuestionStore(o: Pick<QuestionLogOptions, "dataDir" | "redis" | "retentionDays">): QuestionStore {
  return o.redis ? new RedisQuestionStore(o.redis.client, o.redis.prefix, o.retentionDays) : new SqliteQuestionStore(questionsFileOf(o.dataDir));
}

export function openQuestionLog(o: QuestionLogOptions): QuestionLog {
  return new QuestionLog({ store: openQuestionStore(o), secret: o.secret, clock: o.clock, log: o.log.child({ part: "questions" }), retentionDays: o.retentionDays, kbVersion: o.kbVersion });
}

/** What the figures are computed from: the question log, every ticket, the calendar, the SLA clocks in force, the serving KB. */
export function insightsSources(o: { questions: QuestionStore; store: TicketStore; calendar: WorkCalendar; tickets: TicketService; kb: KnowledgeService }): InsightsSources {
  return {
    questions: o.questions,
    tickets: () => o.store.list({}),
    calendar: o.calendar,
    clocks: () => o.tickets.sla().deadlines.map((d) => ({ kind: d.kind, label: d.label })),
    kb: () => o.kb.current(),
  };
}

/**
 * The figures' sources alone, for `zwb insights` and `zwb report`: the knowledge base (lexical), the
 * ticket store, the question log and the calendar, without doors, scheduler or LLM.
 */
export async function openInsightsOnly(config: import("../config.ts").Config, log: Logger): Promise<{ sources: InsightsSources; close(): Promise<void> }> {
  const { openKnowledge } = await import("./knowledge.ts");
  const { openTicketStore, openDataDb } = await import("./tickets.ts");
  const { connectRedis, closeRedis } = await import("./redis.ts");
  const { ChineseWorkCalendar } = await import("../../tickets/calendar.ts");
  const { loadTicketConfig } = await import("../../tickets/config.ts");
  const { kb, report } = await openKnowledge(config, log, { semantic: false });
  if (!report.ok) throw new Error(`知识库加载失败: ${report.errors[0]?.file ?? ""} ${report.errors[0]?.message ?? ""}`);
  const redis = config.store === "redis" && config.REDIS_URL ? (await connectRedis(config.REDIS_URL, log)).client : null;
  const db = openDataDb(config.ZWB_DATA_DIR, log);
  const store = openTicketStore({ db, redis: redis ? { client: redis, prefix: config.ZWB_REDIS_PREFIX } : null }, log);
  const questions = openQuestionStore({ dataDir: config.ZWB_DATA_DIR, redis: redis ? { client: redis, prefix: config.ZWB_REDIS_PREFIX } : null, retentionDays: config.ZWB_QUESTION_LOG_DAYS });
  const sla = loadTicketConfig(config.ZWB_CONFIG_DIR).sla;
  const calendar = ChineseWorkCalendar.fromDir(join(config.ZWB_CONFIG_DIR, "calendar"), log);
  return {
    sources: { questions, tickets: () => store.list({}), calendar, clocks: () => sla.deadlines.map((d) => ({ kind: d.kind, label: d.label })), kb: () => kb.current() },
    async close() {
      await questions.close();
      await store.close();
      await closeRedis(redis);
      db.close();
    },
  };
}
