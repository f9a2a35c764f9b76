// Finding 3: dedupe cached the reply of a failed attempt, so a complaint that hit a Redis write error
// and was resent with the same message id got an empty reply and no ticket; a complaint sent while the
// sender was rate-limited was never ticketed. Finding 11: the dedupe key joined channel, user and id
// with ":" (user "corp" + id "alice:m1" received user "corp:alice"'s confirmation).
import { afterAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { compose, type Context } from "../../core/context.ts";
import { ManualClock } from "../../core/clock.ts";
import { silentLogger } from "../../core/log.ts";
import { textReply, type IncomingMessage } from "../../core/message.ts";
import type { Deps, AppMiddleware } from "../../handlers/deps.ts";
import { dedupe } from "../../bot/middleware/dedupe.ts";
import { errorBoundary } from "../../bot/middleware/error-boundary.ts";
import { RedisHealth } from "../../tickets/redis-health.ts";
import type { RedisClient } from "../../tickets/redis-store.ts";
import { REDIS_URL } from "../support/redis-url.ts";
import { OwnRedis, until } from "../support/own-redis.ts";
import { httpBot } from "../support/http-bot.ts";

const log = silentLogger();
const clock = new ManualClock(new Date("2026-11-25T02:00:00Z"));
const deps = { settings: { adminIds: [], rateLimitPerMinute: 20, botNames: ["政务帮"] }, log, clock } as unknown as Deps;
const msg = (over: Partial<IncomingMessage> = {}): IncomingMessage => ({ channel: "http", messageId: randomUUID(), userId: "u1", text: "你好", mentioned: true, receivedAt: clock.now(), ...over });

/** The guards in their order around a handler that fails while `failing` says so. */
function pipeline(mw: AppMiddleware, state: { failing: boolean; calls: number }) {
  const run = compose<Deps>(errorBoundary(), mw, async (c) => {
    state.calls++;
    if (state.failing) throw new Error("store write failed");
    c.reply = textReply("complaint", `已登记:${c.msg.messageId}`);
  });
  return async (m: IncomingMessage) => {
    const ctx: Context<Deps> = { msg: m, deps, state: {} };
    await run(ctx, async () => {});
    return ctx;
  };
}

describe("dedupe records outcomes, not replies", () => {
  it("a failed handling leaves the message retryable; a completed one is answered again without re-running", async () => {
    const st = { failing: true, calls: 0 };
    const send = pipeline(dedupe(), st);
    const m = msg({ messageId: "retry-1" });
    expect((await send(m)).reply?.text).toContain("系统暂时出了点问题");
    st.failing = false;
    const retried = await send({ ...m });
    expect(retried.reply?.text).toBe("已登记:retry-1");
    expect(retried.state.duplicate).toBeUndefined();
    const again = await send({ ...m });
    expect(again.state.duplicate).toBe(true);
    expect(again.reply?.text).toBe("已登记:retry-1");
    expect(st.calls).toBe(2);
  });

  it("keys on channel, sender and id without a separator that ids can contain", async () => {
    const st = { failing: false, calls: 0 };
    const send = pipeline(dedupe(), st);
    await send(msg({ userId: "corp:alice", messageId: "m1" }));
    const other = await send(msg({ userId: "corp", messageId: "alice:m1" }));
    expect(other.state.duplicate).toBeUndefined();
    expect(st.calls).toBe(2);
  });

  it("remembers a bounded number of deliveries (LRU)", async () => {
    const st = { failing: false, calls: 0 };
    const send = pipeline(dedupe({ capacity: 3 }), st);
    const first = msg();
    for (const m of [first, msg(), msg(), msg()]) await send(m);
    await send({ ...first });
    expect(st.calls).toBe(5); // the oldest was forgotten, so its redelivery ran again
  });

  it("is shared over Redis: a redelivery to another instance is recognised, a failure on one is retried on the other", async () => {
    const client = createClient({ url: REDIS_URL }) as unknown as RedisClient;
    await client.connect();
    const prefix = `zwb-test-dd-${randomUUID()}:`;
    const health = new RedisHealth(client, `${prefix}health`, log, 100);
    try {
      await until(() => health.up, "redis gate");
      const shared = { client, prefix, health };
      const a = { failing: false, calls: 0 };
      const b = { failing: false, calls: 0 };
      const onA = pipeline(dedupe({ shared }), a);
      const onB = pipeline(dedupe({ shared }), b);
      const m = msg({ messageId: "shared-1" });
      await onA(m);
      await until(async () => (await client.get(`${prefix}dd:http:u1:shared-1`))?.startsWith("d:") ?? false, "record");
      const dup = await onB({ ...m });
      expect(dup.state.duplicate).toBe(true);
      expect(dup.reply?.text).toBe("已登记:shared-1");
      expect(b.calls).toBe(0);
      a.failing = true;
      const n = msg({ messageId: "shared-2" });
      await onA(n);
      await until(async () => (await client.get(`${prefix}dd:http:u1:shared-2`)) === null, "marker released");
      expect((await onB({ ...n })).reply?.text).toBe("已登记:shared-2");
    } finally {
      health.stop();
      for await (const keys of client.scanIterator({ MATCH: `${prefix}*` })) if (keys.length) await client.del(keys);
      await client.close();
    }
  });
});

describe("over the real HTTP door", () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of closers) await c();
  });

  it("a complaint resent after a Redis write error gets its ticket and the same number, never an empty reply", async () => {
    const redis = await OwnRedis.start();
    const bot = await httpBot({ ZWB_STORE: "redis", REDIS_URL: redis.url, ZWB_REDIS_TIMEOUT_MS: "800" });
    closers.push(() => bot.close(), () => redis.destroy());
    await until(() => bot.root.redisHealth!.up, "redis gate");
    await bot.root.redis!.configSet({ maxmemory: "1", "maxmemory-policy": "noeviction" });
    const first = await bot.say("ent-1", "我要投诉,用气报装一个多月没办下来,部门推诿", "oom-msg");
    expect(first.ticket?.id).toMatch(/-J[A-Z]{3}\d{4}$/);
    await bot.root.redis!.configSet({ maxmemory: "0" });
    const resent = await bot.say("ent-1", "我要投诉,用气报装一个多月没办下来,部门推诿", "oom-msg");
    expect(resent.reply).toContain(first.ticket!.id);
    await until(() => bot.root.journalPending!() === 0, "replay");
    expect((await bot.root.store.get(first.ticket!.id))?.complainant?.userId).toBe("ent-1");
  }, 30_000);

  it("a complaint from a rate-limited sender is ticketed; a deferred question is answered when resent later", async () => {
    const c = new ManualClock(new Date("2026-11-25T02:00:00Z"));
    const bot = await httpBot({ ZWB_RATE_LIMIT_PER_MINUTE: "3" }, c);
    closers.push(() => bot.close());
    for (let i = 0; i < 3; i++) await bot.say("busy", "你好");
    const deferred = await bot.say("busy", "企业开办多长时间能办结？", "q-deferred");
    expect(deferred.reply).toContain("过于频繁");
    const silent = await bot.say("busy", "谢谢");
    expect(silent.reply).toBe("");
    const complaint = await bot.say("busy", "我要投诉,窗口工作人员推诿,让我来回跑了三趟");
    expect(complaint.ticket?.id).toMatch(/^TS\d{8}-\d{4}$/);
    const more = await bot.say("busy", `补充 ${complaint.ticket!.id} 办理时间是11月3日`);
    expect(more.reply).toContain("已将补充内容记入工单");
    c.advance(61_000);
    const later = await bot.say("busy", "企业开办多长时间能办结？", "q-deferred");
    expect(later.reply).not.toContain("过于频繁");
    expect(later.reply.length).toBeGreaterThan(20);
  }, 30_000);
});
