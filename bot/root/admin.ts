// The administration side for the composition root: the audit log (mirrored to Redis when there is
// one) and the sync that keeps every instance on one knowledge-base version.
import type { Logger } from "../../core/log.ts";
import type { KnowledgeService } from "../../knowledge/service.ts";
import type { RedisClient } from "../../tickets/redis-store.ts";
import type { RedisHealth } from "../../tickets/redis-health.ts";
import { AuditLog, auditFileOf } from "../admin/audit.ts";
import { KbSync } from "../admin/kb-sync.ts";
import { ConfigSync, type ConfigTargets } from "../admin/config-sync.ts";

export function openAudit(dataDir: string, redis: RedisClient | null, prefix: string, log: Logger): AuditLog {
  return new AuditLog(auditFileOf(dataDir), { redis, prefix, log });
}

/** null without Redis. With Redis configured it runs even while Redis is down, and joins when it answers. */
export function startKbSync(kb: KnowledgeService, redis: RedisClient | null, health: RedisHealth | null, prefix: string, log: Logger, checkEveryMs?: number): Promise<KbSync | null> {
  if (!redis) return Promise.resolve(null);
  const sync = new KbSync(kb, redis, prefix, log, { health, checkEveryMs });
  return sync.start().then(() => sync);
}

/** null without a reachable Redis: rule edits then apply to this instance only. */
export async function startConfigSync(redis: RedisClient | null, prefix: string, targets: ConfigTargets, log: Logger): Promise<ConfigSync | null> {
  if (!redis?.isReady) return null;
  const sync = new ConfigSync(redis, prefix, targets, log);
  try {
    await sync.start();
    return sync;
  } catch (err) {
    log.warn({ err }, "config sync could not subscribe; rule edits apply to this instance only");
    await sync.stop();
    return null;
  }
}
