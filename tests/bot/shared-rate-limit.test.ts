// The rate window is shared over Redis (rate-limiter-flexible): a sender cannot double the limit by
// landing on two instances; while Redis is away each instance falls back to its own LRU window.
import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { compose, type Context } from "../../core/context.ts";
import { ManualClock } from "../../core/clock.ts";
import { silentLogger } from "../../core/log.ts";
import { textReply, type IncomingMessage } from "../../core/message.ts";
import type { Deps } from "../../handlers/deps.ts";
import { rateLimit } from "../../bot/middleware/rate-limit.ts";
import { RedisHealth } from "../../tickets/redis-health.ts";
import type { RedisClient } from "../../tickets/redis-store.ts";
import { REDIS_URL } from "../support/redis-url.ts";
import { until } from "../support/own-redis.ts";

const clock = new ManualClock(new Date("2026-11-25T02:00:00Z"));
const deps = { settings: { adminIds: [], rateLimitPerMinute: 3, botNames: ["政务帮"] }, log: silentLogger(), clock } as unknown as Deps;

describe("rate limit across instances", () => {
  it("counts one sender's messages on both instances in one window", async () => {
    const client = createClient({ url: REDIS_URL }) as unknown as RedisClient;
    await client.connect();
    const prefix = `zwb-test-rl-${randomUUID()}:`;
    const health = new RedisHealth(client, `${prefix}health`, silentLogger(), 100);
    try {
      await until(() => health.up, "redis gate");
      const shared = { client, prefix, health };
      const instance = () => {
        const run = compose<Deps>(rateLimit(3, { shared }), async (c) => {
          c.reply = textReply("question", "答");
        });
        return async (text: string) => {
          const m: IncomingMessage = { channel: "http", messageId: randomUUID(), userId: "hopper", text, mentioned: true, receivedAt: clock.now() };
          const ctx: Context<Deps> = { msg: m, deps, state: {} };
          await run(ctx, async () => {});
          return ctx;
        };
      };
      const a = instance();
      const b = instance();
      const replies = [await a("你好"), await b("你好"), await a("你好"), await b("你好"), await a("谢谢")];
      expect(replies.slice(0, 3).map((c) => c.reply?.text)).toEqual(["答", "答", "答"]);
      expect(replies[3].reply?.text).toContain("过于频繁");
      expect(replies[3].state.incomplete).toBe("deferred");
      expect(replies[4].reply).toBeUndefined();
      // A complaint over the limit still goes on.
      expect((await b("我要投诉,窗口工作人员推诿,让我来回跑了三趟")).reply?.text).toBe("答");
    } finally {
      health.stop();
      for await (const keys of client.scanIterator({ MATCH: `${prefix}*` })) if (keys.length) await client.del(keys);
      await client.close();
    }
  });
});
