// The question-log contract on the embedded SQLite file and on a real Redis.
import { afterAll, beforeAll } from "vitest";
import { createClient } from "redis";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RedisClient } from "../../tickets/redis-store.ts";
import { SqliteQuestionStore } from "../../insights/sqlite-store.ts";
import { RedisQuestionStore } from "../../insights/redis-store.ts";
import { REDIS_URL } from "../support/redis-url.ts";
import { questionLogContract } from "./question-log.contract.ts";

let dir = "";
questionLogContract("sqlite", {
  async open() {
    dir = mkdtempSync(join(tmpdir(), "zwb-qlog-"));
    return new SqliteQuestionStore(join(dir, "q.sqlite"));
  },
  async reopen() {
    return new SqliteQuestionStore(join(dir, "q.sqlite"));
  },
  async cleanup() {
    rmSync(dir, { recursive: true, force: true });
  },
});

let prefix = "";
const clients: RedisClient[] = [];
let admin: RedisClient;
async function connect(): Promise<RedisClient> {
  const c = createClient({ url: REDIS_URL }) as unknown as RedisClient;
  c.on("error", () => undefined);
  await c.connect();
  clients.push(c);
  return c;
}
beforeAll(async () => {
  admin = await connect();
});
afterAll(async () => {
  for (const c of clients) if (c.isOpen) c.destroy();
});
questionLogContract("redis", {
  async open() {
    prefix = `zwbtest:${process.pid}:${Math.random().toString(36).slice(2)}:`;
    return new RedisQuestionStore(await connect(), prefix, 180);
  },
  async reopen() {
    return new RedisQuestionStore(await connect(), prefix, 180);
  },
  async cleanup() {
    for await (const keys of admin.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await admin.del(keys);
  },
});
