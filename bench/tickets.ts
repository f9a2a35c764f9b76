// Ticket creation on Redis through the production path (loadConfig → openTicketService →
// TicketService.createFromComplaint: detection, routing, SLA deadlines, the journaled Redis store),
// beside a raw node-redis SET loop at the same concurrency as the ceiling this machine allows.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "redis";
import { loadConfig } from "../bot/config.ts";
import { silentLogger } from "../core/log.ts";
import { systemClock } from "../core/clock.ts";
import type { IncomingMessage } from "../core/message.ts";
import { connectRedis, closeRedis } from "../bot/root/redis.ts";
import { openDataDb, openTicketStore, openTickets } from "../bot/root/tickets.ts";
import type { RedisClient } from "../tickets/redis-store.ts";
import { detectComplaint } from "../tickets/detect.ts";
import { routeComplaint } from "../tickets/routing.ts";
import { computeDeadlines } from "../tickets/sla.ts";
import { drive, COMPLAINTS } from "./drive.ts";
import { benchEmbedded } from "./tickets-embedded.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const TICKETS_PER_RUN = 2000;
const CONCURRENCY = [1, 32];
const TARGET_PER_SEC = 1000;
const TARGET_RATIO = 5;




async function removePrefix(client: RedisClient, prefix: string): Promise<number> {
  let n = 0;
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
    if (keys.length) n += await client.del(keys);
  }
  return n;
}

function redisBenchmark(print: (s: string) => void): void {
  try {
    const out = execFileSync("redis-benchmark", ["-h", "127.0.0.1", "-p", "6379", "-q", "-t", "set", "-n", "20000"], {
      encoding: "utf8",
      timeout: 60_000,
      stdio: ["ignore", "pipe", "ignore"],
    });
    // -q redraws its progress line with \r; the last segment of each line is the result.
    const lines = out.split("\n").map((l) => l.split("\r").at(-1)!.trim()).filter(Boolean);
    for (const l of lines) print(`  redis-benchmark: ${l}`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    print(`  redis-benchmark: ${code === "ENOENT" ? "not installed, skipped" : `failed (${(err as Error).message.split("\n")[0]})`}`);
  }
}

export default async function benchTickets(print: (s: string) => void): Promise<void> {
  await benchEmbedded(print);
  const prefix = `zwb-bench-${randomUUID()}:`;
  const dataDir = mkdtempSync(join(tmpdir(), "zwb-bench-tickets-"));
  const admin: RedisClient = createClient({ url: REDIS_URL });
  try {
    await admin.connect();
  } catch (err) {
    print(`  Redis not reachable at ${REDIS_URL} (${(err as Error).message}); ticket benchmark skipped`);
    rmSync(dataDir, { recursive: true, force: true });
    return;
  }
  const benchKeyExisted = (await admin.exists("key:__rand_int__")) === 1;
  const config = loadConfig({ ZWB_LOG_LEVEL: "silent", ZWB_STORE: "redis", REDIS_URL, ZWB_REDIS_PREFIX: prefix, ZWB_DATA_DIR: dataDir });
  const { client } = await connectRedis(REDIS_URL, silentLogger());
  const db = openDataDb(config.ZWB_DATA_DIR, silentLogger());
  const store = openTicketStore({ db, redis: { client, prefix } }, silentLogger());
  const opened = await openTickets({ configDir: config.ZWB_CONFIG_DIR, dataDir: config.ZWB_DATA_DIR, admins: [] }, store, silentLogger(), systemClock);
  const svc = { ...opened, store, close: async () => { await store.close(); await closeRedis(client); db.close(); } };
  print(`ticket creation on Redis (${TICKETS_PER_RUN} tickets per run; store ${svc.store.kind}; target ≥ ${TARGET_PER_SEC}/s and within ${TARGET_RATIO}× of raw SET)`);
  try {
    let serial = 0;
    const msg = (i: number): IncomingMessage => ({
      channel: "local",
      messageId: `bench-${++serial}`,
      userId: `bench-user-${i % 97}`,
      text: COMPLAINTS[i % COMPLAINTS.length],
      mentioned: true,
      receivedAt: new Date(),
    });
    // Warm-up: Lua script load, connection, JIT; not counted.
    await drive(100, 8, (i) => svc.service.createFromComplaint(msg(i)));
    for (const c of CONCURRENCY) {
      const raw = await drive(TICKETS_PER_RUN, c, (i) => admin.set(`${prefix}raw:${c}:${i}`, "x".repeat(200)));
      const t = await drive(TICKETS_PER_RUN, c, (i) => svc.service.createFromComplaint(msg(i)));
      const ratio = raw.perSec / t.perSec;
      const ok = t.perSec >= TARGET_PER_SEC && ratio <= TARGET_RATIO;
      print(
        `  ${String(c).padStart(2)} sender(s): ${t.perSec.toFixed(0)} tickets/s (p50 ${t.p50.toFixed(2)} ms, p99 ${t.p99.toFixed(2)} ms)` +
          ` | raw SET ${raw.perSec.toFixed(0)}/s (p99 ${raw.p99.toFixed(2)} ms) | raw/tickets ${ratio.toFixed(2)}× ${ok ? "[meets target]" : "[BELOW TARGET]"}`,
      );
    }
    // Where a ticket's time goes when Redis is not involved: the part no Redis tuning can remove.
    const d = { routing: svc.service.routing(), directory: svc.service.directory(), sla: svc.service.sla(), calendar: svc.calendar };
    const n = 2000;
    let t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const det = detectComplaint(COMPLAINTS[i % COMPLAINTS.length]);
      routeComplaint(COMPLAINTS[i % COMPLAINTS.length], det.category, d.routing, d.directory);
    }
    const detectUs = ((performance.now() - t0) * 1000) / n;
    t0 = performance.now();
    for (let i = 0; i < n; i++) computeDeadlines(d.sla, d.calendar, new Date(), "created");
    const slaUs = ((performance.now() - t0) * 1000) / n;
    print(`  in-process cost per ticket: detect+route ${detectUs.toFixed(0)} µs, SLA deadlines ${slaUs.toFixed(0)} µs`);
    const created = (await svc.store.list({})).length;
    print(`  tickets stored under the bench prefix: ${created}`);
    redisBenchmark(print);
  } finally {
    await svc.close();
    const removed = await removePrefix(admin, prefix);
    if (!benchKeyExisted) await admin.del("key:__rand_int__");
    await admin.quit();
    rmSync(dataDir, { recursive: true, force: true });
    print(`  cleaned up ${removed} keys under ${prefix}`);
  }
}
