// Finding 7: 3,000 wrong-token requests went through at 1,765/s with no 429; every refusal appended its
// full path to audit.jsonl (30 MB in 1.3 s with long paths); the Redis audit stream was unbounded.
import { afterAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { createClient } from "redis";
import { httpBot } from "../support/http-bot.ts";
import { AuditLog } from "../../bot/admin/audit.ts";
import type { RedisClient } from "../../tickets/redis-store.ts";
import { REDIS_URL } from "../support/redis-url.ts";
import { ADMIN_TOKEN, tempDir } from "./helpers.ts";

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
});

describe("admin login back-off and a bounded audit", () => {
  it("wrong tokens get 429 with a growing Retry-After; the audit stays small and names the address", async () => {
    const bot = await httpBot({ ZWB_ADMIN_TOKEN: ADMIN_TOKEN });
    closers.push(() => bot.close());
    const hit = (token: string, path = "/api/admin/kb") => fetch(`${bot.base}${path}`, { headers: { authorization: `Bearer ${token}`, "x-zwb-admin": "mallory" } });
    const statuses: number[] = [];
    const longPath = `/api/admin/${"x".repeat(4000)}`;
    for (let i = 0; i < 300; i++) statuses.push((await hit(`guess-${i}-${"0".repeat(20)}`, i % 2 ? longPath : "/api/admin/kb")).status);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(290);
    const blocked = await hit("another-wrong-guess-0000000000");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // The right token from a blocked address waits too (a guesser gains nothing by hitting it).
    expect((await hit(ADMIN_TOKEN)).status).toBe(429);

    const lines = (await readFile(join(bot.dataDir, "audit.jsonl"), "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l));
    expect(lines.length).toBeLessThan(20);
    expect(lines.every((e) => e.actor.startsWith("address:") && !e.allowed)).toBe(true);
    expect(lines.some((e) => e.actor.includes("127.0.0.1"))).toBe(true);
    expect(Math.max(...lines.map((e) => JSON.stringify(e).length))).toBeLessThan(600);
    expect(lines.some((e) => e.detail?.reason === "throttled")).toBe(true);
  }, 30_000);

  it("rotates the audit file and still reads the last entries across the rotation", async () => {
    const dir = await tempDir("audit-rot");
    const log = new AuditLog(join(dir, "audit.jsonl"), { maxFileBytes: 8 * 1024, keepFiles: 3 });
    for (let i = 0; i < 600; i++) await log.record({ actor: "cli:root", channel: "cli", action: `step ${i}`, allowed: true, detail: { path: "/p".repeat(2000) } });
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(["audit.jsonl", "audit.jsonl.1", "audit.jsonl.2", "audit.jsonl.3"]);
    for (const f of files) expect((await stat(join(dir, f))).size).toBeLessThanOrEqual(8 * 1024);
    const tail = await log.tail(40);
    expect(tail.at(-1)?.action).toBe("step 599");
    expect(tail).toHaveLength(40);
    expect(tail[0].detail).toMatchObject({ truncated: true });
  });

  it("trims the Redis audit stream (XADD MAXLEN ~)", async () => {
    const client = createClient({ url: REDIS_URL }) as unknown as RedisClient;
    await client.connect();
    const prefix = `zwb-test-audit-${randomUUID()}:`;
    closers.push(async () => {
      await client.del(`${prefix}audit`);
      await client.close();
    });
    const dir = await tempDir("audit-stream");
    const log = new AuditLog(join(dir, "audit.jsonl"), { redis: client, prefix, streamMax: 100 });
    for (let i = 0; i < 1000; i++) await log.record({ actor: "cli:root", channel: "cli", action: `a${i}`, allowed: true });
    expect(await client.xLen(`${prefix}audit`)).toBeLessThan(300);
  });
});
