import { afterAll, beforeAll } from "vitest";
import { createClient } from "redis";
import { RedisTicketStore, type RedisClient } from "../../tickets/redis-store.ts";
import { storeContract } from "./store.contract.ts";
import { REDIS_URL } from "../support/redis-url.ts";

let prefix = "";
const clients: RedisClient[] = [];

async function connect(): Promise<RedisClient> {
  const c = createClient({ url: REDIS_URL });
  c.on("error", () => undefined);
  await c.connect();
  clients.push(c);
  return c;
}

let admin: RedisClient;
beforeAll(async () => {
  admin = await connect();
});
afterAll(async () => {
  for (const c of clients) if (c.isOpen) c.destroy();
});

storeContract("redis", {
  async open() {
    prefix = `zwbtest:${process.pid}:${Math.random().toString(36).slice(2)}:`;
    return new RedisTicketStore(await connect(), prefix);
  },
  async reopen() {
    return new RedisTicketStore(await connect(), prefix);
  },
  async cleanup() {
    for await (const keys of admin.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await admin.del(keys);
  },
});
