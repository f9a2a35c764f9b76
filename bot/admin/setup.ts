// Builds the administration side for one bot instance: the audit log and, when REDIS_URL is set,
// the Redis connection that mirrors the audit log and keeps every instance on one KB version.
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { KnowledgeService } from "../../knowledge/service.ts";
import { createRedisClient, type RedisClient } from "../../tickets/redis-store.ts";
import { AuditLog, auditFileOf } from "./audit.ts";
import { KbSync } from "./kb-sync.ts";

export interface AdminSide {
  audit: AuditLog;
  kbSync: KbSync | null;
  close(): Promise<void>;
}

type AdminConfig = Pick<Config, "REDIS_URL" | "ZWB_REDIS_PREFIX" | "ZWB_DATA_DIR">;

const within = <T>(p: Promise<T>, ms: number): Promise<T | undefined> =>
  Promise.race([p, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms).unref())]);

/** Connects to Redis for the admin side; null when unset or unreachable (the file log still works). */
export async function openAdminRedis(config: AdminConfig, log: Logger): Promise<RedisClient | null> {
  if (!config.REDIS_URL) return null;
  let lastError = 0;
  const client = createRedisClient(config.REDIS_URL, (err) => {
    if (Date.now() - lastError > 60_000) log.warn({ err }, "admin redis connection error");
    lastError = Date.now();
  });
  const ok = await within(client.connect().then(() => true, () => false), 3000);
  if (!ok) {
    log.warn("redis not reachable: knowledge-base reloads will not reach other instances until restart");
    client.destroy();
    return null;
  }
  return client;
}

export async function startAdmin(config: AdminConfig, log: Logger, kb: KnowledgeService): Promise<AdminSide> {
  const redis = await openAdminRedis(config, log);
  const audit = new AuditLog(auditFileOf(config.ZWB_DATA_DIR), { redis, prefix: config.ZWB_REDIS_PREFIX, log });
  let kbSync: KbSync | null = null;
  if (redis) {
    kbSync = new KbSync(kb, redis, config.ZWB_REDIS_PREFIX, log);
    try {
      await kbSync.start();
    } catch (err) {
      log.warn({ err }, "kb sync could not subscribe; this instance reloads only on its own commands");
      await kbSync.stop();
      kbSync = null;
    }
  }
  return {
    audit,
    kbSync,
    async close() {
      await kbSync?.stop();
      if (redis?.isOpen) await redis.close().catch(() => redis.destroy());
    },
  };
}
