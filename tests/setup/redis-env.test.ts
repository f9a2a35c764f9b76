// The forked test workers see the REDIS_URL that tests/setup/redis.ts chose, and a Redis answers there.
import { expect, it } from "vitest";
import { createClient } from "redis";
import { REDIS_URL } from "../support/redis-url.ts";

it("a Redis answers at the URL the tests use", async () => {
  if (process.env.REDIS_URL) expect(REDIS_URL).toBe(process.env.REDIS_URL);
  const c = createClient({ url: REDIS_URL, socket: { reconnectStrategy: false } });
  await c.connect();
  try {
    expect(await c.ping()).toBe("PONG");
  } finally {
    c.destroy();
  }
});
