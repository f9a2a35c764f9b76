// Reminder sweep figures: 100,000 open tickets written straight into Redis under a bench prefix, then
// one scheduling pass timed with few reminders due and with many due. Target: a pass ≤ 1 s, and time
// growing with the reminders due, not with the tickets stored.
import { createClient } from "redis";
import { ManualClock } from "../core/clock.ts";
import { silentLogger } from "../core/log.ts";
import { RedisTicketStore, type RedisClient } from "../tickets/redis-store.ts";
import { ChineseWorkCalendar } from "../tickets/calendar.ts";
import { endOfShanghaiDay } from "../core/time.ts";
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

  async function scenario(name: string, due: number, dueDayOf: (i: number) => string, maxSendsPerPass = 20_000): Promise<void> {
    const prefix = `zwbbench:rem:${process.pid}:${name}:`;
    const rules = parseReminderRules({ scheduler: { maxSendsPerPass } });
    try {
      const t0 = performance.now();
      await load(client, prefix, dueDayOf);
      const loadMs = performance.now() - t0;
      const clock = new ManualClock(new Date(NOW));
      const store = new RedisTicketStore(client, prefix);
      const make = () => new ReminderScheduler({ tickets: store, tasks: null, state: new RedisReminderState(client, `${prefix}rem:`), pusher, clock, calendar, rules, sla: tc.sla, directory: tc.directory, log });
      const s = make();
      const counted = async (sch: ReminderScheduler) => {
        pushes = 0;
        const r = await sch.pass();
        return { ms: r.durationMs, pushes, considered: r.considered, capped: r.capped };
      };
      const first = await counted(s);
      const passes = [first];
      while (passes.at(-1)!.capped) passes.push(await counted(s));
      const steady = await counted(s); // the same minute again: everything already marked
      const restarted = await counted(make()); // a new instance: no in-process cache, markers read from Redis
      print(
        `reminders ${name}: ${N} open tickets (loaded in ${loadMs.toFixed(0)} ms), ${due} with a step due, ${first.considered} deadlines in the horizon — ` +
          `${passes.length === 1 ? `pass ${first.ms} ms` : `${passes.length} capped passes, slowest ${Math.max(...passes.map((p) => p.ms))} ms, total ${passes.reduce((a, p) => a + p.ms, 0)} ms`} for ${passes.reduce((a, p) => a + p.pushes, 0)} pushes; next pass ${steady.ms} ms/${steady.pushes}; new instance ${restarted.ms} ms/${restarted.pushes} pushes  [target ≤ 1000 ms]`,
      );
    } finally {
      await wipe(client, prefix);
    }
  }

  // Due Mon 11-10: "3 working days before" is today 09:00. The rest are months away, outside the horizon.
  await scenario("few-due", 100, (i) => (i < 100 ? "2025-11-10" : "2026-03-16"));
  await scenario("many-due-uncapped", 10_000, (i) => (i < 10_000 ? "2025-11-10" : "2026-03-16"));
  await scenario("many-due", 10_000, (i) => (i < 10_000 ? "2025-11-10" : "2026-03-16"), 2000);
  // 3 working days overdue: escalated, 4 people each (40,000 pushes), in passes capped at 2,000 sends.
  await scenario("overdue-escalated", 10_000, (i) => (i < 10_000 ? "2025-10-31" : "2026-03-16"), 2000);
  print(`reminders: RSS now ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`);
  client.destroy();
}
