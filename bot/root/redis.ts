// The one Redis connection factory. Every part that keeps state in Redis (tickets, reminder state,
// audit mirror, knowledge-base sync) shares the client built here; only a subscriber gets its own
// connection, because a subscribed connection can run nothing else.
import { createClient } from "redis";
import type { Logger } from "../../core/log.ts";
import type { RedisClient } from "../../tickets/redis-store.ts";

export type { RedisClient };

export function createRedisClient(url: string, onError: (e: Error) => void): RedisClient {
  // Without the offline queue a command fails at once while Redis is down, which is what lets the
  // journal take the complaint instead of the user waiting on a hung request.
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) },
  });
  client.on("error", onError);
  return client as unknown as RedisClient;
}

const within = <T>(p: Promise<T>, ms: number): Promise<T | undefined> =>
  Promise.race([p, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms).unref())]);

/**
 * A client that keeps reconnecting in the background; `connected` says whether it answered within
 * `waitMs`. Starting while Redis is down is allowed: complaints go to the journal until it is back.
 */
export async function connectRedis(url: string, log: Logger, waitMs = 3000): Promise<{ client: RedisClient; connected: boolean }> {
  let lastError = 0;
  const client = createRedisClient(url, (err) => {
    // A down Redis reports on every reconnect attempt; once a minute is enough to notice.
    if (Date.now() - lastError > 60_000) log.warn({ err }, "redis connection error");
    lastError = Date.now();
  });
  const connected = (await within(client.connect().then(() => true, () => false), waitMs)) === true;
  if (!connected) log.warn("redis not reachable at startup: complaints are journaled and other instances are not told of reloads until it is");
  return { client, connected };
}

export async function closeRedis(client: RedisClient | null): Promise<void> {
  if (client?.isOpen) await client.close().catch(() => client.destroy());
  else client?.destroy();
}
