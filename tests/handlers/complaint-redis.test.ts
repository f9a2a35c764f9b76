// The same duplicate-delivery and routing behaviour with the Redis store behind the handlers.
import { it, expect, afterAll } from "vitest";
import { createClient } from "redis";
import { RedisTicketStore, type RedisClient } from "../../tickets/redis-store.ts";
import { harness } from "./complaint-helpers.ts";
import { REDIS_URL } from "../support/redis-url.ts";

const prefix = `zwbtest:flow:${process.pid}:${Date.now()}:`;
const client = createClient({ url: REDIS_URL }) as RedisClient;
client.on("error", () => undefined);

afterAll(async () => {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await client.del(keys);
  client.destroy();
});

it("one ticket for a message delivered twice at the same time, then accepted by the unit", async () => {
  await client.connect();
  const h = harness("2026-02-13T10:00:00+08:00", new RedisTicketStore(client, prefix));
  try {
    const [a, b] = await Promise.all([
      h.send("wx-1", "举报:园区有人向我们企业索要好处费", "dt-77"),
      h.send("wx-1", "举报:园区有人向我们企业索要好处费", "dt-77"),
    ]);
    expect(a.ticket!.id).toBe(b.ticket!.id);
    expect([a.pushes.length, b.pushes.length].sort()).toEqual([0, 1]);
    expect(a.ticket!.unit).toBe("市纪委监委");
    // Fri 13 Feb 2026 + 3 workdays: Sat 14 (make-up), then 24 and 25 Feb after Spring Festival
    expect(a.ticket!.deadlines.find((d) => d.kind === "accept")!.dueAt).toBe(new Date("2026-02-25T23:59:59.999+08:00").toISOString());
    expect(a.text + b.text).toContain("2026年2月25日(周三)");
    const acc = await h.send("officer-jw", `受理 ${a.ticket!.id}`);
    expect(acc.text).toContain("已受理");
    expect((await h.store.list({ status: "accepted" })).map((t) => t.id)).toEqual([a.ticket!.id]);
  } finally {
    h.cleanup();
  }
});
