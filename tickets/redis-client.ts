// What createClient({ url }) returns: no modules, scripts or type mapping. One name for every part
// that shares the client (stores, reminder state, guards, sync).
import type { RedisClientType } from "redis";

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type RedisClient = RedisClientType<{}, {}, {}, 3, {}>;
