// Finding 6: an instance started while Redis was down never joined sync; a reload during an outage
// returned ok but was never broadcast; /healthz reported subscribed: true with Redis dead.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cp, rm } from "node:fs/promises";
import { join } from "node:path";
import { KnowledgeService } from "../../knowledge/service.ts";
import { KbSync, kbVersionKey } from "../../bot/admin/kb-sync.ts";
import { createRedisClient } from "../../bot/root/redis.ts";
import { RedisHealth } from "../../tickets/redis-health.ts";
import type { RedisClient } from "../../tickets/redis-store.ts";
import { OwnRedis, until } from "../support/own-redis.ts";
import { copyCorpus, CORPUS_DIR, silent, tempDir } from "./helpers.ts";

let redis: OwnRedis;
let root: string;
const stops: (() => Promise<void> | void)[] = [];
beforeAll(async () => {
  redis = await OwnRedis.start();
  root = await tempDir("sync-heal");
});
afterAll(async () => {
  for (const s of stops.reverse()) await s();
  await redis.destroy();
  await rm(root, { recursive: true, force: true });
});

async function node(name: string, opts: { checkEveryMs?: number; prefix?: string } = {}) {
  const prefix = opts.prefix ?? "heal:";
  const dir = await copyCorpus(join(root, name), { without: ["yancheng-2020-fangguanfu"] });
  const kb = new KnowledgeService(dir, silent);
  await kb.reload();
  const client = createRedisClient(redis.url, () => undefined, 500);
  void client.connect().catch(() => undefined);
  const health = new RedisHealth(client, `${prefix}health`, silent, 100);
  const sync = new KbSync(kb, client as RedisClient, prefix, silent, { instanceId: name, health, checkEveryMs: opts.checkEveryMs ?? 60_000 });
  await sync.start();
  stops.push(async () => {
    await sync.stop();
    health.stop();
    client.destroy();
  });
  return { dir, kb, sync, health, client };
}

describe("knowledge-base sync heals", () => {
  it("joins when Redis comes up, publishes a reload made during the outage, and never claims to be subscribed while Redis is dead", async () => {
    await redis.stop();
    const one = await node("one");
    expect(one.sync.state().subscribed).toBe(false);
    await redis.up();
    const two = await node("two");
    await until(() => one.sync.state().subscribed && two.sync.state().subscribed, "both subscribed");

    // Redis dies; one reloads a new document meanwhile; its report is ok, but nobody could hear it.
    await redis.stop();
    await until(() => !one.sync.state().subscribed && !two.sync.state().subscribed, "subscribed false while Redis is down");
    for (const d of [one.dir, two.dir]) await cp(join(CORPUS_DIR, "yancheng-2020-fangguanfu.txt"), join(d, "yancheng-2020-fangguanfu.txt"));
    const r = await one.kb.reload(undefined, { origin: "http" });
    expect(r.ok).toBe(true);
    expect(two.kb.version).not.toBe(one.kb.version);
    await until(() => one.sync.state().unpublished === r.version, "reload remembered as unpublished");

    await redis.up();
    await until(() => two.kb.version === one.kb.version, "the other instance to reload after recovery", 20_000);
    expect(await one.sync.clusterVersion()).toBe(one.kb.version);
    expect(one.sync.state().unpublished).toBeNull();
  }, 60_000);

  it("an instance that missed the message catches up by comparing versions", async () => {
    const three = await node("three", { checkEveryMs: 200, prefix: "heal2:" });
    await until(() => three.health.up, "redis gate");
    // The cluster moved on while it was not listening: the key says so, no message comes.
    await cp(join(CORPUS_DIR, "yancheng-2020-fangguanfu.txt"), join(three.dir, "yancheng-2020-fangguanfu.txt"));
    const probe = new KnowledgeService(three.dir, silent);
    const wanted = (await probe.reload()).version;
    await three.client.set(kbVersionKey("heal2:"), wanted);
    await until(() => three.kb.version === wanted, "version-check reload", 10_000);
    expect(three.sync.state()).toMatchObject({ clusterVersion: wanted });
  }, 30_000);
});
