// Failed logins to the admin API back off: after a few wrong tokens from one address (or with one
// token, from anywhere), that address or token is refused with 429 for 1 s, 2 s, 4 s … up to 15 min,
// and the count is forgotten 15 min after the last failure. Kept in Redis when instances share one
// (a guesser cannot spread over instances), in an in-process LRU otherwise or while Redis is away.
import { LRUCache } from "lru-cache";
import type { RedisClient } from "../../tickets/redis-store.ts";
import type { RedisHealth } from "../../tickets/redis-health.ts";

export interface ThrottleOptions {
  shared?: { client: RedisClient; prefix: string; health: RedisHealth } | null;
  /** Failures allowed before the first back-off. */
  free?: number;
  windowMs?: number;
  maxBlockMs?: number;
  now?: () => number;
}

const FAIL_LUA = `
local n = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if n >= tonumber(ARGV[1]) then
  local ms = math.min(1000 * 2 ^ (n - tonumber(ARGV[1])), tonumber(ARGV[3]))
  redis.call('SET', KEYS[2], '1', 'PX', math.floor(ms))
  return math.floor(ms)
end
return 0`;

export class AuthThrottle {
  private readonly local: LRUCache<string, { fails: number; blockedUntil: number }>;
  private readonly free: number;
  private readonly windowMs: number;
  private readonly maxBlockMs: number;
  private readonly now: () => number;

  constructor(private readonly o: ThrottleOptions = {}) {
    this.free = o.free ?? 5;
    this.windowMs = o.windowMs ?? 15 * 60_000;
    this.maxBlockMs = o.maxBlockMs ?? 15 * 60_000;
    this.now = o.now ?? Date.now;
    this.local = new LRUCache({ max: 20_000, ttl: this.windowMs });
  }

  private get redis() {
    const s = this.o.shared;
    return s?.health.up ? s : null;
  }

  /** Milliseconds until any of these keys may try again (0: now). */
  async retryAfter(keys: string[]): Promise<number> {
    const r = this.redis;
    if (r) {
      try {
        const ttls = await Promise.all(keys.map((k) => r.client.pTTL(`${r.prefix}authblock:${k}`)));
        return Math.max(0, ...ttls);
      } catch (err) {
        r.health.report(err);
      }
    }
    const now = this.now();
    return Math.max(0, ...keys.map((k) => (this.local.get(k)?.blockedUntil ?? 0) - now));
  }

  /** Counts a failure against each key; returns the back-off now in force (ms). */
  async fail(keys: string[]): Promise<number> {
    const r = this.redis;
    if (r) {
      try {
        const ms = await Promise.all(
          keys.map((k) => r.client.eval(FAIL_LUA, { keys: [`${r.prefix}authfail:${k}`, `${r.prefix}authblock:${k}`], arguments: [String(this.free), String(this.windowMs), String(this.maxBlockMs)] })),
        );
        return Math.max(0, ...ms.map(Number));
      } catch (err) {
        r.health.report(err);
      }
    }
    const now = this.now();
    let block = 0;
    for (const k of keys) {
      const e = this.local.get(k) ?? { fails: 0, blockedUntil: 0 };
      e.fails++;
      if (e.fails >= this.free) {
        const ms = Math.min(1000 * 2 ** (e.fails - this.free), this.maxBlockMs);
        e.blockedUntil = now + ms;
        block = Math.max(block, ms);
      }
      this.local.set(k, e);
    }
    return block;
  }

  /** A correct token clears its address's count. */
  async succeed(keys: string[]): Promise<void> {
    for (const k of keys) this.local.delete(k);
    const r = this.redis;
    if (r) await r.client.del(keys.flatMap((k) => [`${r.prefix}authfail:${k}`, `${r.prefix}authblock:${k}`])).catch((err) => r.health.report(err));
  }
}
