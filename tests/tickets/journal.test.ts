// Redis goes down while a complaint arrives: the user still gets a number, and the ticket lands in
// Redis when it is back. Runs its own redis-server on a free port so the shared one is not touched.
import { describe, it, expect, afterAll } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { mkdtempSync, rmSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock } from "../../core/clock.ts";
import { silentLogger } from "../../core/log.ts";
import { openTicketStore } from "../../bot/root/tickets.ts";
import { connectRedis, closeRedis } from "../../bot/root/redis.ts";
import { JournaledTicketStore } from "../../tickets/journal.ts";
import { ChineseWorkCalendar } from "../../tickets/calendar.ts";
import { loadTicketConfig } from "../../tickets/config.ts";
import { createTicketService } from "../../tickets/service.ts";
import { CONFIG_DIR } from "../handlers/complaint-helpers.ts";
import type { IncomingMessage } from "../../core/message.ts";

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
    s.on("error", rej);
  });
}

async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

let redis: ChildProcess | null = null;
async function startRedis(port: number): Promise<void> {
  redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "ignore"] });
  let out = "";
  redis.stdout!.on("data", (c) => (out += c));
  await until(() => out.includes("Ready to accept connections"), "redis-server start");
}
async function stopRedis(): Promise<void> {
  const p = redis;
  redis = null;
  if (!p || p.exitCode !== null) return;
  const gone = new Promise((r) => p.once("exit", r));
  p.kill("SIGTERM");
  await gone;
}

const dir = mkdtempSync(join(tmpdir(), "zwb-journal-"));
afterAll(async () => {
  await stopRedis();
  rmSync(dir, { recursive: true, force: true });
});

describe("journal for Redis outages", () => {
  it("journals a complaint while Redis is down and replays it when Redis returns", async () => {
    const port = await freePort();
    await startRedis(port);
    const clock = new ManualClock(new Date("2025-11-25T10:00:00+08:00"));
    const log = silentLogger();
    const { client } = await connectRedis(`redis://127.0.0.1:${port}`, log);
    const store = openTicketStore({ dataDir: dir, redis: { client, prefix: "jt:" } }, log, () => clock.now()) as JournaledTicketStore;
    try {
      expect(store.kind).toBe("journaled");
      const svc = createTicketService({ store, calendar: new ChineseWorkCalendar(), clock, log, ...loadTicketConfig(CONFIG_DIR), admins: [] });
      const msg = (id: string, text: string): IncomingMessage => ({ channel: "wechat", messageId: id, userId: "wx-boss", text, mentioned: true, receivedAt: clock.now() });

      const first = await svc.createFromComplaint(msg("a", "我要投诉:窗口工作人员态度很差"));
      expect(first.ticket.id).toBe("TS20251125-0001");

      await stopRedis();
      await until(() => !store.redis.client.isReady, "client to notice the outage");

      const down = await svc.createFromComplaint(msg("b", "用气报装一个多月没办下来,部门推诿"));
      expect(down.created).toBe(true);
      expect(down.ticket.id).toBe("TS20251125-J0001");
      expect(down.text).toContain("TS20251125-J0001");
      const again = await svc.createFromComplaint(msg("b", "用气报装一个多月没办下来,部门推诿"));
      expect(again).toMatchObject({ created: false });
      expect(again.ticket.id).toBe("TS20251125-J0001");
      const st = await svc.status({ channel: "wechat", userId: "wx-boss" }, "TS20251125-J0001");
      expect(st.ok).toBe(true);
      expect(readdirSync(join(dir, "journal"))).toContain("journal.jsonl");

      await startRedis(port);
      await until(async () => store.redis.client.isReady && (await store.redis.get("TS20251125-J0001")) !== null, "replay into redis");
      const landed = await store.redis.get("TS20251125-J0001");
      expect(landed).toMatchObject({ unit: "住房和城乡建设局", category: "市政公用报装", status: "open" });
      expect(landed!.complainant).toEqual({ channel: "wechat", userId: "wx-boss" });
      expect((await store.history("TS20251125-J0001")).map((e) => e.type)).toEqual(["created", "replayed"]);
      expect((await store.dueBefore(new Date("2026-12-31T00:00:00Z"), 10)).some((d) => d.ticketId === "TS20251125-J0001")).toBe(true);
      await until(() => !readdirSync(join(dir, "journal")).includes("journal.jsonl"), "journal to be archived");
      // The officer can now act on it in Redis
      const acc = await svc.accept({ channel: "local", userId: "officer-zj" }, "TS20251125-J0001");
      expect(acc.ok).toBe(true);
      // New complaints get Redis numbers again
      const after = await svc.createFromComplaint(msg("c", "举报:园区有人向我们企业索要好处费"));
      expect(after.ticket.id).toMatch(/^TS20251125-\d{4}$/);
    } finally {
      await store.close();
      await closeRedis(client);
    }
  }, 30_000);
});
