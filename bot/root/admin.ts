// The administration side for the composition root: the audit log (mirrored to Redis when there is
// one) and the sync that keeps every instance on one knowledge-base version.
import type { Logger } from "../../core/log.ts";
import type { KnowledgeService } from "../../knowledge/service.ts";
import type { RedisClient } from "../../tickets/redis-store.ts";
import type { RedisHealth } from "../../tickets/redis-health.ts";
import { AuditLog, auditFileOf } from "../admin/audit.ts";
import { KbSync } from "../admin/kb-sync.ts";

export function openAudit(dataDir: string, redis: RedisClient | null, prefix: string, log: Logger): AuditLog {
  return new AuditLog(auditFileOf(dataDir), { redis, prefix, log });
}

/** null without Redis. With Redis configured it runs even while Redis is down, and joins when it answers. */
export function startKbSync(kb: KnowledgeService, redis: RedisClient | null, health: RedisHealth | null, prefix: string, log: Logger, checkEveryMs?: number): Promise<KbSync | null> {
  if (!redis) return Promise.resolve(null);
  const sync = new KbSync(kb, redis, prefix, log, { health, checkEveryMs });
  return sync.start().then(() => sync);
}
