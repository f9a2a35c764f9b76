// Two instances on the real Redis: one reload on the first reaches the second, which reloads from
// its own folder; both end on one version, and the version key says which.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cp, rm } from "node:fs/promises";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { KnowledgeService, type ReloadReport } from "../../knowledge/service.ts";
import { KbSync, kbChannel, kbVersionKey } from "../../bot/admin/kb-sync.ts";
import { AuditLog } from "../../bot/admin/audit.ts";
import type { RedisClient } from "../../tickets/redis-store.ts";
import { createRedisClient } from "../../bot/root/redis.ts";
import { copyCorpus, CORPUS_DIR, silent, tempDir } from "./helpers.ts";
import { REDIS_URL } from "../support/redis-url.ts";

const prefix = `zwb-test-${randomUUID()}:`;
let root: string;
let client1: RedisClient;
let client2: RedisClient;
let syncs: KbSync[] = [];
let second: KnowledgeService;

const nextSyncReload = (kb: KnowledgeService) =>
  new Promise<ReloadReport>((resolve) => {
    const off = kb.onReload((r, origin) => {
      if (origin !== "sync") return;
      off();
      resolve(r);
    });
  });

beforeAll(async () => {
  root = await tempDir("sync");
  client1 = createRedisClient(REDIS_URL, () => undefined);
  client2 = createRedisClient(REDIS_URL, () => undefined);
  await Promise.all([client1.connect(), client2.connect()]);
});

afterAll(async () => {
  for (const s of syncs) await s.stop();
  for await (const keys of client1.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) if (keys.length) await client1.del(keys);
  await Promise.all([client1.close(), client2.close()]);
  await rm(root, { recursive: true, force: true });
});

describe("knowledge-base sync over Redis", () => {
  it("two instances converge on one version after one publish", async () => {
    // Each instance has its own copy of the folder, as on two machines fed by the same deployment.
    const dir1 = await copyCorpus(join(root, "one"), { without: ["yancheng-2020-fangguanfu"] });
    const dir2 = await copyCorpus(join(root, "two"), { without: ["yancheng-2020-fangguanfu"] });
    const kb1 = new KnowledgeService(dir1, silent);
    const kb2 = new KnowledgeService(dir2, silent);
    second = kb2;
    await Promise.all([kb1.reload(), kb2.reload()]);
    const before = kb1.version;
    expect(kb2.version).toBe(before);

    const s1 = new KbSync(kb1, client1, prefix, silent, "one");
    const s2 = new KbSync(kb2, client2, prefix, silent, "two");
    syncs = [s1, s2];
    await Promise.all([s1.start(), s2.start()]);

    // The new document arrives in both folders; only instance one is told to reload.
    for (const d of [dir1, dir2]) await cp(join(CORPUS_DIR, "yancheng-2020-fangguanfu.txt"), join(d, "yancheng-2020-fangguanfu.txt"));

    const heard = nextSyncReload(kb2);
    const r1 = await kb1.reload(undefined, { origin: "http" });
    expect(r1.ok).toBe(true);
    expect(r1.version).not.toBe(before);
    const r2 = await heard;
    expect(r2.ok).toBe(true);
    expect(kb2.version).toBe(kb1.version);
    expect(await s1.clusterVersion()).toBe(kb1.version);
    expect(s2.state().lastMessage).toMatchObject({ version: kb1.version, from: "one" });
    expect(s2.state().lastSyncReport).toMatchObject({ ok: true, version: kb1.version });
    // The publisher does not reload again on its own message.
    expect(s1.state().lastMessage).toBeNull();
  });

  it("a reload made because of a message is not published again", async () => {
    const seen: string[] = [];
    const listener = client1.duplicate();
    await listener.connect();
    await listener.subscribe(kbChannel(prefix), (m) => seen.push(JSON.parse(m).from));
    try {
      const heard = nextSyncReload(second);
      await syncs[0].publish("manual");
      await heard;
      // A round trip on the same connection orders after any publish instance two could have made.
      await client2.publish(kbChannel(prefix), JSON.stringify({ version: "x", from: "probe", at: "" }));
      await new Promise<void>((resolve) => {
        const check = () => (seen.includes("probe") ? resolve() : setTimeout(check, 10));
        check();
      });
      expect(seen.filter((f) => f === "two")).toEqual([]);
      expect(seen).toContain("one");
      expect(await client1.get(kbVersionKey(prefix))).toBe("manual");
    } finally {
      await listener.close();
    }
  });

  it("the audit log is mirrored to the Redis stream", async () => {
    const file = join(root, "audit.jsonl");
    const audit = new AuditLog(file, { redis: client1, prefix });
    await audit.record({ actor: "http:tester", channel: "http", action: "kb.reload", allowed: true, ok: true });
    await audit.record({ actor: "dingtalk:intruder", channel: "dingtalk", action: "kb.reload", allowed: false });
    const stream = await client1.xRange(`${prefix}audit`, "-", "+");
    expect((stream ?? []).map((e) => JSON.parse(e.message.entry).actor)).toEqual(["http:tester", "dingtalk:intruder"]);
    const tail = await audit.tail(5);
    expect(tail.map((e) => [e.actor, e.allowed])).toEqual([
      ["http:tester", true],
      ["dingtalk:intruder", false],
    ]);
  });
});
