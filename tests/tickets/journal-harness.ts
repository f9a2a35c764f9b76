// One bot instance's ticket side, as the composition root builds it, against a Redis of the test's
// own: its data folder (SQLite journal), Redis client with short timeouts, the Redis gate, the journaled
// store and a TicketService; the officers' notices sent at replay are recorded.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ManualClock } from "../../core/clock.ts";
import { silentLogger } from "../../core/log.ts";
import type { IncomingMessage, Push } from "../../core/message.ts";
import { openTicketStore } from "../../bot/root/tickets.ts";
import { connectRedis, closeRedis } from "../../bot/root/redis.ts";
import { openDatabase } from "../../tickets/db.ts";
import { RedisHealth } from "../../tickets/redis-health.ts";
import type { JournaledTicketStore } from "../../tickets/journaled-store.ts";
import { ChineseWorkCalendar } from "../../tickets/calendar.ts";
import { loadTicketConfig } from "../../tickets/config.ts";
import { createTicketService } from "../../tickets/service.ts";
import { CONFIG_DIR } from "../handlers/complaint-helpers.ts";

export type Instance = Awaited<ReturnType<typeof instance>>;

export async function instance(url: string, prefix: string, clock: ManualClock, o: { replay?: boolean; timeoutMs?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "zwb-inst-"));
  const log = silentLogger();
  const db = openDatabase(dir);
  const timeoutMs = o.timeoutMs ?? 800;
  const { client } = await connectRedis(url, log, 3000, timeoutMs);
  const health = new RedisHealth(client, `${prefix}health`, log, 100);
  const store = openTicketStore({ db, redis: { client, prefix, health }, waitMs: timeoutMs, retryEveryMs: 200 }, log, () => clock.now()) as JournaledTicketStore;
  const svc = createTicketService({ store, calendar: new ChineseWorkCalendar([], log), clock, log, ...loadTicketConfig(CONFIG_DIR), admins: [] });
  const notices: Push[] = [];
  store.onReplayed((r) => void notices.push(...svc.replayNotices(r)));
  if (o.replay !== false) store.startReplay();
  let n = 0;
  const msg = (userId: string, text: string, messageId = `m${++n}`): IncomingMessage => ({ channel: "wechat", messageId, userId, text, mentioned: true, receivedAt: clock.now() });
  return {
    dir,
    db,
    client,
    health,
    store,
    svc,
    notices,
    msg,
    complain: (userId: string, text: string, messageId?: string) => svc.createFromComplaint(msg(userId, text, messageId)),
    async close() {
      await store.close();
      health.stop();
      await closeRedis(client);
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
