// Reminder sweep figures: 100,000 open tickets written straight into Redis under a bench prefix, then
// one scheduling pass timed with few reminders due and with many due. Target: a pass ≤ 1 s, and time
// growing with the reminders due, not with the tickets stored.
import { createClient } from "redis";
import { ManualClock } from "../bot/deps.ts";
import { silentLogger } from "../bot/logger.ts";
import { RedisTicketStore, type RedisClient } from "../tickets/redis-store.ts";
import { ChineseWorkCalendar, endOfShanghaiDay } from "../tickets/calendar.ts";
import { loadTicketConfig } from "../tickets/config.ts";
import type { Ticket } from "../tickets/types.ts";
import { parseReminderRules } from "../reminders/rules.ts";
import { RedisReminderState } from "../reminders/redis-state.ts";
import { ReminderScheduler } from "../reminders/scheduler.ts";
import { resolve } from "node:path";

const N = 100_000;
const NOW = "2025-11-05T10:00:00+08:00"; // a Wednesday

function ticket(id: string, dueDay: string): Ticket {
  const at = "2025-10-20T10:00:00.000Z";
  return {
    id, dedupeKey: `bench:${id}`, status: "open", category: "窗口服务/审批时限", unit: "行政审批局", priority: "normal", verifyAll: false, realName: false, anonymous: false,
    text: "审批窗口材料交了很久没有答复", complainant: null, ownerHash: "x", createdAt: at, updatedAt: at, replies: [], supplements: [], version: 1,
    deadlines: [{ kind: "reply", round: 1, dueAt: endOfShanghaiDay(dueDay).toISOString(), rule: "15个工作日内答复", provisional: false, stopsOn: "reply" }],
  };
}

async function load(client: RedisClient, prefix: string, dueDayOf: (i: number) => string): Promise<void> {
  for (let i = 0; i < N; i += 5000) {
    const m = client.multi();
    for (let j = i; j < Math.min(N, i + 5000); j++) {
      const id = `TS20251020-${String(j).padStart(6, "0")}`;
      const t = ticket(id, dueDayOf(j));
      m.hSet(`${prefix}t:${id}`, { id, status: "open", unit: t.unit, version: "1", json: JSON.stringify(t) });
      m.zAdd(`${prefix}due`, { score: Date.parse(t.deadlines[0].dueAt), value: `${id}|reply|1` });
    }
    await m.execAsPipeline();
  }
}

async function wipe(client: RedisClient, prefix: string): Promise<void> {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 5000 })) if (keys.length) await client.unlink(keys);
}

export default async function benchReminders(print: (s: string) => void): Promise<void> {
  const client = createClient({ url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" }) as unknown as RedisClient;
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch {
    print("reminders: Redis not reachable at 127.0.0.1:6379, skipped");
    return;
  }
  const log = silentLogger();
  const tc = loadTicketConfig(resolve(import.meta.dirname, "../config"));
  const calendar = new ChineseWorkCalendar([], log);
  let pushes = 0;
  const pusher = { push: async () => void pushes++ };
  const rules = parseReminderRules({ scheduler: { maxSendsPerPass: 20_000 } });

  async function scenario(name: string, due: number, dueDayOf: (i: number) => string): Promise<void> {
    const prefix = `zwbbench:rem:${process.pid}:${name}:`;
    try {
      const t0 = performance.now();
      await load(client, prefix, dueDayOf);
      const loadMs = performance.now() - t0;
      const clock = new ManualClock(new Date(NOW));
      const store = new RedisTicketStore(client, prefix);
      const s = new ReminderScheduler({ tickets: store, tasks: null, state: new RedisReminderState(client, `${prefix}rem:`), pusher, clock, calendar, rules, sla: tc.sla, directory: tc.directory, log });
      pushes = 0;
      const first = await s.pass();
      const sent = pushes;
      const second = await s.pass(); // the same minute again: everything already marked
      const fresh = new ReminderScheduler({ tickets: store, tasks: null, state: new RedisReminderState(client, `${prefix}rem:`), pusher, clock, calendar, rules, sla: tc.sla, directory: tc.directory, log });
      const restarted = await fresh.pass(); // a restarted instance: no in-process cache, markers read from Redis
      print(
        `reminders ${name}: ${N} open tickets (loaded in ${loadMs.toFixed(0)} ms), ${due} with a reminder due — ` +
          `first pass ${first.durationMs} ms (${first.considered} deadlines in horizon, ${sent} pushes), ` +
          `next pass ${second.durationMs} ms, after restart ${restarted.durationMs} ms (${pushes - sent} repeats)  [target ≤ 1000 ms]`,
      );
    } finally {
      await wipe(client, prefix);
    }
  }

  // Few due: 100 deadlines this Friday (1 working day ahead... reminded today as "3 days before"), the rest months away.
  await scenario("few-due", 100, (i) => (i < 100 ? "2025-11-10" : "2026-03-16"));
  await scenario("many-due", 10_000, (i) => (i < 10_000 ? "2025-10-31" : "2026-03-16"));
  print(`reminders: RSS now ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`);
  client.destroy();
}
