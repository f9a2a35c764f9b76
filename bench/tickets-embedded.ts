// Ticket creation without Redis, through the production path (TicketService.createFromComplaint):
//  - during a Redis outage: the journaled store with Redis unreachable, so every complaint takes the
//    journal path (SQLite in the data folder); measured again once 3,000 entries wait, where the old
//    JSONL journal managed 34/s (issue 12: each add re-read the whole journal under a file lock);
//  - the embedded store (SQLite), which replaced the JSONL file store.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../core/log.ts";
import { systemClock } from "../core/clock.ts";
import type { IncomingMessage } from "../core/message.ts";
import { connectRedis, closeRedis } from "../bot/root/redis.ts";
import { openDataDb, openTicketStore, openTickets } from "../bot/root/tickets.ts";
import { CONFIG_DIR_OF } from "./paths.ts";
import { drive, COMPLAINTS } from "./drive.ts";

// The JSONL file store and journal they replaced (commit 1b400a9), measured once on this machine with
// the same drive() right after today's figures (2026-12-01, load average ≈ 10): kept so the
// comparison prints beside today's figure. Issue 12 measured the old journal at 34/s on a quiet machine.
const OLD = { fileStore1: 209, fileStore32: 217, fileStore32p99: 13_363, journalAt3000: 13 };
const TARGET_JOURNAL = 1000;

async function world(redisUrl: string | null) {
  const dataDir = mkdtempSync(join(tmpdir(), "zwb-bench-emb-"));
  const log = silentLogger();
  const db = openDataDb(dataDir, log);
  const redis = redisUrl ? (await connectRedis(redisUrl, log, 300, 300)).client : null;
  const store = openTicketStore({ db, redis: redis ? { client: redis, prefix: "zwb-bench-outage:" } : null }, log);
  const { service } = await openTickets({ configDir: CONFIG_DIR_OF(), dataDir, admins: [] }, store, log, systemClock);
  let serial = 0;
  const msg = (i: number): IncomingMessage => ({ channel: "local", messageId: `b-${++serial}`, userId: `bench-user-${i % 97}`, text: COMPLAINTS[i % COMPLAINTS.length], mentioned: true, receivedAt: new Date() });
  return {
    create: (i: number) => service.createFromComplaint(msg(i)),
    store,
    async close() {
      await store.close();
      await closeRedis(redis);
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function benchEmbedded(print: (s: string) => void): Promise<void> {
  // A port nothing listens on: Redis is down for the whole run.
  const outage = await world("redis://127.0.0.1:1");
  try {
    const first = await drive(3000, 32, outage.create);
    const later = await drive(2000, 32, outage.create);
    const one = await drive(500, 1, outage.create);
    const ok = later.perSec >= TARGET_JOURNAL;
    print(`complaints during a Redis outage (journal path, SQLite, store ${outage.store.kind}; target ≥ ${TARGET_JOURNAL}/s; old JSONL journal: ${OLD.journalAt3000}/s past 3,000 entries)`);
    print(`  32 senders, first 3,000: ${first.perSec.toFixed(0)}/s (p50 ${first.p50.toFixed(1)} ms, p99 ${first.p99.toFixed(1)} ms)`);
    print(`  32 senders, entries 3,001–5,000: ${later.perSec.toFixed(0)}/s (p99 ${later.p99.toFixed(1)} ms) ${ok ? "[meets target]" : "[BELOW TARGET]"}`);
    print(`   1 sender: ${one.perSec.toFixed(0)}/s (p99 ${one.p99.toFixed(1)} ms) — one fsync per complaint; concurrent ones share a commit`);
  } finally {
    await outage.close();
  }
  const emb = await world(null);
  try {
    const one = await drive(1000, 1, emb.create);
    const many = await drive(3000, 32, emb.create);
    print(`embedded store (SQLite, no Redis): 1 sender ${one.perSec.toFixed(0)} tickets/s (p99 ${one.p99.toFixed(1)} ms), 32 senders ${many.perSec.toFixed(0)}/s (p99 ${many.p99.toFixed(1)} ms)`);
    print(`  old JSONL file store (commit 1b400a9): 1 sender ${OLD.fileStore1}/s, 32 senders ${OLD.fileStore32}/s (p99 ${OLD.fileStore32p99} ms)`);
  } finally {
    await emb.close();
  }
}
