// The one Redis connection factory. Every part that keeps state in Redis (tickets, reminder state,
// audit mirror, knowledge-base sync, the guards) shares the client built here; only a subscriber gets
// its own connection, because a subscribed connection can run nothing else.
import { createClient } from "redis";
import { withDeadline } from "../../tickets/redis-deadline.ts";
import type { Logger } from "../../core/log.ts";
import type { RedisClient } from "../../tickets/redis-store.ts";

export type { RedisClient };

export const DEFAULT_REDIS_TIMEOUT_MS = 2000;

export function createRedisClient(url: string, onError: (e: Error) => void, timeoutMs = DEFAULT_REDIS_TIMEOUT_MS): RedisClient {
  // Without the offline queue a command fails at once while Redis is down; with a deadline on every
  // reply it fails within timeoutMs when Redis is alive but not answering (stopped, swapping, a long
  // script): either way the journal takes the complaint instead of the user waiting on a hung request.
  // (node-redis' own command timeout covers only the wait to be written, not the wait for the reply.)
  const client = createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: timeoutMs },
    socket: { connectTimeout: timeoutMs, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) },
  });
  client.on("error", onError);
  return withDeadline(client as unknown as RedisClient, timeoutMs);
}

const within = <T>(p: Promise<T>, ms: number): Promise<T | undefined> =>
  Promise.race([p, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms).unref())]);

/**
 * A client that keeps reconnecting in the background; `connected` says whether it answered within
 * `waitMs`. Starting while Redis is down is allowed: complaints go to the journal until it is back.
 */
export async function connectRedis(url: string, log: Logger, waitMs = 3000, timeoutMs = DEFAULT_REDIS_TIMEOUT_MS): Promise<{ client: RedisClient; connected: boolean }> {
  let lastError = 0;
  const client = createRedisClient(
    url,
    (err) => {
      // A down Redis reports on every reconnect attempt; once a minute is enough to notice.
      if (Date.now() - lastError > 60_000) log.warn({ err }, "redis connection error");
      lastError = Date.now();
    },
    timeoutMs,
  );
  const connected = (await within(client.connect().then(() => true, () => false), waitMs)) === true;
  if (!connected) log.warn("redis not reachable at startup: complaints are journaled and other instances are not told of reloads until it is");
  return { client, connected };
}

export async function closeRedis(client: RedisClient | null): Promise<void> {
  if (client?.isOpen) await client.close().catch(() => client.destroy());
  else client?.destroy();
}

/** What the Redis that holds the tickets keeps on disk. */
export interface Durability {
  appendonly: string | null;
  save: string | null;
  /** false: a restart of Redis loses every ticket; null: CONFIG is not allowed here (managed Redis). */
  persistent: boolean | null;
  warning: string | null;
  checkedAt: string;
}

/** CONFIG GET appendonly / save; warns when the Redis tickets are written to keeps nothing on disk. */
export async function checkDurability(client: RedisClient, log: Logger): Promise<Durability> {
  const checkedAt = new Date().toISOString();
  try {
    const aof = (await client.configGet("appendonly")).appendonly ?? null;
    const save = (await client.configGet("save")).save ?? null;
    const persistent = aof === "yes" || Boolean(save && save.trim());
    const warning = persistent
      ? aof === "yes"
        ? null
        : "Redis 仅按 RDB 快照（save）落盘，两次快照之间写入的工单在 Redis 重启后会丢失；生产环境请开启 AOF（appendonly yes）"
      : "Redis 未开启任何持久化（appendonly no 且 save 为空）：Redis 重启将丢失全部工单。生产环境请开启 AOF（appendonly yes）";
    if (warning) log.warn({ appendonly: aof, save }, warning);
    return { appendonly: aof, save, persistent, warning, checkedAt };
  } catch (err) {
    log.warn({ err }, "could not read Redis persistence settings (CONFIG GET refused); make sure it runs with AOF");
    return { appendonly: null, save: null, persistent: null, warning: "无法读取 Redis 持久化配置（CONFIG GET 被拒绝），请确认已开启 AOF", checkedAt };
  }
}
