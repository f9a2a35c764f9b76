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
