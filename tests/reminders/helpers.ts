// A real TicketService and reminder scheduler on either store (Redis under a unique prefix, or the
// embedded files in a temp folder), a hand-moved clock and a Pusher that records what it receives.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createClient } from "redis";
import { ManualClock } from "../../core/clock.ts";
import { silentLogger } from "../../core/log.ts";
import type { Address, IncomingMessage } from "../../core/message.ts";
import { SqliteTicketStore } from "../../tickets/sqlite-store.ts";
import { RedisTicketStore, type RedisClient } from "../../tickets/redis-store.ts";
import { ChineseWorkCalendar } from "../../tickets/calendar.ts";
import { loadTicketConfig } from "../../tickets/config.ts";
import { createTicketService, type TicketService } from "../../tickets/service.ts";
import type { TicketStore } from "../../tickets/store.ts";
import { parseReminderRules, type ReminderRules } from "../../reminders/rules.ts";
import type { ReminderState } from "../../reminders/state.ts";
import { RedisReminderState } from "../../reminders/redis-state.ts";
import { SqliteReminderState } from "../../reminders/sqlite-state.ts";
import { ReminderScheduler } from "../../reminders/scheduler.ts";
import type { Pusher } from "../../core/delivery.ts";
import type { TaskService } from "../../reminders/task-service.ts";
import { REDIS_URL } from "../support/redis-url.ts";

export const CONFIG_DIR = resolve(import.meta.dirname, "../../config");

export class RecordingPusher implements Pusher {
  readonly got: { to: Address; text: string; at: string }[] = [];
  constructor(private readonly clock: ManualClock, private readonly delayMs = 0) {}
  async push(to: Address, text: string): Promise<void> {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    this.got.push({ to, text, at: this.clock.now().toISOString() });
  }
  to(userId: string) {
    return this.got.filter((g) => g.to.userId === userId);
  }
}

export type StoreKind = "redis" | "sqlite";

export interface World {
  clock: ManualClock;
  tickets: TicketService;
  store: TicketStore;
  calendar: ChineseWorkCalendar;
  state: () => ReminderState;
  scheduler(opts?: { pusher?: Pusher; rules?: unknown; owner?: string; tasks?: TaskService | null }): ReminderScheduler;
  complain(text: string, unit: string): Promise<string>;
  cleanup(): Promise<void>;
}

/** Officers of 行政审批局 (one officer, one leader) and the supervising office, fixed for the tests. */
function ticketConfig() {
  const tc = loadTicketConfig(CONFIG_DIR);
  tc.directory.units["行政审批局"] = [
    { id: "t-o", name: "承办人", channel: "local", userId: "officer-xzsp", role: "officer" },
    { id: "t-l", name: "分管领导", channel: "dingtalk", userId: "leader-xzsp", role: "leader" },
  ];
  tc.directory.units[tc.directory.supervisingUnit] = [
    { id: "t-s1", name: "营商办值班员", channel: "local", userId: "officer-yshj", role: "officer" },
    { id: "t-s2", name: "营商办主任", channel: "wechat", userId: "leader-yshj", role: "leader" },
  ];
  return tc;
}

export async function world(kind: StoreKind, start: string): Promise<World> {
  const clock = new ManualClock(new Date(start));
  const log = silentLogger();
  const calendar = new ChineseWorkCalendar([], log);
  const tc = ticketConfig();
  const dir = mkdtempSync(join(tmpdir(), "zwb-rem-"));
  const clients: RedisClient[] = [];
  const prefix = `zwbtest:rem:${process.pid}:${Math.random().toString(36).slice(2)}:`;
  const connect = async () => {
    const c = createClient({ url: REDIS_URL }) as unknown as RedisClient;
    c.on("error", () => undefined);
    await c.connect();
    clients.push(c);
    return c;
  };
  const store: TicketStore = kind === "redis" ? new RedisTicketStore(await connect(), prefix) : SqliteTicketStore.open(dir);
  const redisClient = kind === "redis" ? clients[0] : null;
  // A new state object per scheduler, as a restarted process would build it.
  const state = (): ReminderState => (redisClient ? new RedisReminderState(redisClient, `${prefix}rem:`) : new SqliteReminderState((store as SqliteTicketStore).db, () => clock.now().getTime()));
  const tickets = createTicketService({ store, calendar, clock, log, ...tc, admins: ["local:admin"] });
  let n = 0;
  return {
    clock,
    tickets,
    store,
    calendar,
    state,
    scheduler(o = {}) {
      const rules: ReminderRules = parseReminderRules(o.rules ?? {});
      return new ReminderScheduler({ tickets: store, tasks: o.tasks ?? null, state: state(), pusher: o.pusher ?? new RecordingPusher(clock), clock, calendar, rules, sla: tc.sla, directory: tc.directory, log, owner: o.owner });
    },
    async complain(text, unit) {
      const msg: IncomingMessage = { channel: "local", messageId: `m${++n}`, userId: `ent-${n}`, text, mentioned: true, receivedAt: clock.now() };
      const r = await tickets.createFromComplaint(msg, { unitHint: unit });
      return r.ticket.id;
    },
    async cleanup() {
      if (redisClient) {
        for await (const keys of redisClient.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await redisClient.del(keys);
      }
      for (const c of clients) if (c.isOpen) c.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a pass at each of these Beijing times of every day from `from` to `to` (inclusive). */
export async function runDays(w: World, s: ReminderScheduler, from: string, to: string, hours = ["08:00", "09:00", "13:00", "20:00"]) {
  for (let day = from; day <= to; day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) {
    for (const h of hours) {
      w.clock.set(`${day}T${h}:00+08:00`);
      await s.pass();
    }
  }
}
