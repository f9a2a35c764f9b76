// The same conversation through the real pipeline with ZWB_STORE=redis (the tests' Redis, see
// tests/support/redis-url.ts; a prefix of its own that is removed afterwards).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "redis";
import { localMsg, startApp, type Running } from "./helpers.ts";
import { complaintConversation } from "./conversation.ts";
import { REDIS_URL } from "../support/redis-url.ts";

const prefix = `zwb-e2e-${randomUUID()}:`;
const redis = createClient({ url: REDIS_URL });
let r: Running;

async function keysOf(p: string): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of redis.scanIterator({ MATCH: `${p}*`, COUNT: 500 })) out.push(...batch);
  return out;
}

beforeAll(async () => {
  await redis.connect();
  r = await startApp({ ZWB_STORE: "redis", REDIS_URL, ZWB_REDIS_PREFIX: prefix });
});
afterAll(async () => {
  await r?.close();
  const keys = await keysOf(prefix);
  if (keys.length) await redis.del(keys);
  await redis.quit();
});

describe("local door, Redis store", () => {
  it("keeps tickets in Redis under the configured prefix", async () => {
    expect(r.w.store.kind).toBe("journaled");
    const id = await complaintConversation(r, "boss-redis");
    const keys = await keysOf(prefix);
    expect(keys.some((k) => k.includes(id))).toBe(true);
  });

  it("creates one ticket for a redelivered message, even from a second instance", async () => {
    const second = await startApp({ ZWB_STORE: "redis", REDIS_URL, ZWB_REDIS_PREFIX: prefix });
    try {
      const msg = localMsg("boss-redis-dup", "我要投诉,税务大厅窗口推诿,发票的事让我来回跑了三趟");
      const a = await r.app.handle(msg);
      const b = await second.app.handle({ ...msg });
      expect(a?.ticket?.id).toBeTruthy();
      expect(b?.ticket?.id).toBe(a?.ticket?.id);
      const all = await r.w.store.list({});
      expect(all.filter((t) => t.text === msg.text)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
