// The Redis the tests use: REDIS_URL, which tests/setup/redis.ts points at a private redis-server
// when nothing answers at the default address.
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
export const REDIS_URL = process.env.REDIS_URL || DEFAULT_REDIS_URL;
