// Redis goes away while complaints arrive: each still gets a number at once, the number cannot collide
// with another instance's, and the ticket lands in Redis under it when Redis is back, after which its
// unit is told. Runs a redis-server of its own so the shared one is not touched.
import { describe, it, expect, afterAll, beforeAll } from "vitest";
import { ManualClock } from "../../core/clock.ts";
import { OwnRedis, until } from "../support/own-redis.ts";
import { instance, type Instance } from "./journal-harness.ts";

let redis: OwnRedis;
beforeAll(async () => {
  redis = await OwnRedis.start();
});
afterAll(async () => {
  await redis.destroy();
});

const J = /^TS20251125-J[A-Z]{3}\d{4}$/;
const clock = new ManualClock(new Date("2025-11-25T10:00:00+08:00"));
let round = 0;
const fresh = () => `jt${++round}-${Date.now()}:`;

async function down(...xs: Instance[]) {
  await redis.stop();
  await until(() => xs.every((x) => !x.health.up), "instances to notice the outage");
}

describe("journal for Redis outages", () => {
  it("journals a complaint while Redis is down, replays it under the same number, and then tells its unit", async () => {
    const a = await instance(redis.url, fresh(), clock);
    try {
      await until(() => a.health.up && a.store.journal.tagClaimed, "tag claim");
      const first = await a.complain("wx-boss", "我要投诉:窗口工作人员态度很差");
      expect(first.ticket.id).toBe("TS20251125-0001");
      expect(first.pushes.length).toBeGreaterThan(0);

      await down(a);
      const d = await a.complain("wx-boss", "用气报装一个多月没办下来,部门推诿", "b");
      expect(d.created).toBe(true);
      expect(d.ticket.id).toMatch(J);
      expect(d.ticket.id).toContain(a.store.journal.tag);
      expect(d.text).toContain(d.ticket.id);
      // The unit hears of it after replay, under the number that will stay.
      expect(d.pushes).toEqual([]);
      const again = await a.complain("wx-boss", "用气报装一个多月没办下来,部门推诿", "b");
      expect(again).toMatchObject({ created: false });
      expect(again.ticket.id).toBe(d.ticket.id);
      expect((await a.svc.status({ channel: "wechat", userId: "wx-boss" }, d.ticket.id)).ok).toBe(true);
      expect(a.store.journal.pendingCount()).toBe(1);

      await redis.up();
      await until(async () => a.store.journal.pendingCount() === 0, "replay into redis");
      const landed = await a.store.redis.get(d.ticket.id);
      expect(landed).toMatchObject({ unit: "住房和城乡建设局", category: "市政公用报装", status: "open" });
      expect(landed!.complainant).toEqual({ channel: "wechat", userId: "wx-boss" });
      expect((await a.store.history(d.ticket.id)).map((e) => e.type)).toEqual(["created", "replayed"]);
      expect((await a.store.dueBefore(new Date("2026-12-31T00:00:00Z"), 10)).some((x) => x.ticketId === d.ticket.id)).toBe(true);
      expect(a.notices.map((p) => p.to.userId)).toEqual(["officer-zj"]);
      expect(a.notices[0].text).toContain(`受理 ${d.ticket.id}`);
      expect((await a.svc.accept({ channel: "local", userId: "officer-zj" }, d.ticket.id)).ok).toBe(true);
      const after = await a.complain("wx-boss", "举报:园区有人向我们企业索要好处费");
      expect(after.ticket.id).toMatch(/^TS20251125-\d{4}$/);
    } finally {
      await a.close();
    }
  }, 40_000);

  // Finding 2: each instance numbered TS…-J0001 from its own folder, and replay renumbered silently, so
  // the complainant's 查询 found nothing and the officer's 受理/回复 reached the other person's ticket.
  it("two instances journaling at once never share a number, and every command reaches the right ticket", async () => {
    const prefix = fresh();
    const a = await instance(redis.url, prefix, clock);
    const b = await instance(redis.url, prefix, clock);
    try {
      await until(() => a.store.journal.tagClaimed && b.store.journal.tagClaimed, "tag claims");
      expect(a.store.journal.tag).not.toBe(b.store.journal.tag);
      await down(a, b);
      const ta = await a.complain("ent-a", "用气报装一个多月没办下来,部门推诿");
      const tb = await b.complain("ent-b", "用水报装两个月了还没办下来,部门推诿");
      expect(ta.ticket.id).toMatch(J);
      expect(tb.ticket.id).toMatch(J);
      expect(ta.ticket.id).not.toBe(tb.ticket.id);

      await redis.up();
      await until(() => a.store.journal.pendingCount() + b.store.journal.pendingCount() === 0, "both replays");
      // Stored under the numbers their authors were told.
      expect((await a.store.redis.get(ta.ticket.id))?.complainant?.userId).toBe("ent-a");
      expect((await a.store.redis.get(tb.ticket.id))?.complainant?.userId).toBe("ent-b");
      expect((await b.svc.status({ channel: "wechat", userId: "ent-a" }, ta.ticket.id)).ok).toBe(true);
      expect((await a.svc.status({ channel: "wechat", userId: "ent-b" }, tb.ticket.id)).ok).toBe(true);
      expect((await a.svc.status({ channel: "wechat", userId: "ent-a" }, tb.ticket.id)).ok).toBe(false);
      const officer = { channel: "local" as const, userId: "officer-zj" };
      expect((await a.svc.accept(officer, tb.ticket.id)).ticket?.complainant?.userId).toBe("ent-b");
      const reply = await a.svc.reply(officer, ta.ticket.id, "已安排专人上门");
      expect(reply.pushes.map((p) => p.to.userId)).toEqual(["ent-a"]);
      // Each unit notice names its own ticket's number.
      expect(a.notices.some((p) => p.text.includes(ta.ticket.id))).toBe(true);
      expect(b.notices.some((p) => p.text.includes(tb.ticket.id))).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  }, 40_000);

  it("when Redis already holds the delivery under another number, both numbers work and complainant and unit are told", async () => {
    const a = await instance(redis.url, fresh(), clock, { replay: false });
    try {
      await until(() => a.health.up, "redis up");
      await down(a);
      const d = await a.complain("ent-c", "用气报装一个多月没办下来,部门推诿");
      await redis.up();
      await until(() => a.health.up, "redis back");
      // What a create that Redis ran after its caller gave up leaves behind: the same delivery under a Redis number.
      const rec = a.store.journal.find(d.ticket.id)!;
      const { id: _i, version: _v, status: _s, replies: _r, supplements: _sp, updatedAt: _u, journaled: _j, ...late } = rec.ticket;
      const planted = await a.store.redis.create(late);
      expect(planted.ticket.id).toMatch(/^TS20251125-\d{4}$/);

      expect(await a.store.replay()).toBe(1);
      const final = planted.ticket.id;
      expect(a.notices.find((p) => p.to.userId === "ent-c")?.text).toContain(final);
      expect(a.notices.find((p) => p.to.userId === "ent-c")?.text).toContain(d.ticket.id);
      expect(a.notices.find((p) => p.to.userId === "officer-zj")?.text).toContain(`受理 ${final}`);
      const st = await a.svc.status({ channel: "wechat", userId: "ent-c" }, d.ticket.id);
      expect(st.ok).toBe(true);
      expect(st.ticket?.id).toBe(final);
      expect((await a.svc.accept({ channel: "local", userId: "officer-zj" }, d.ticket.id)).ticket?.id).toBe(final);
      expect((await a.store.list({})).filter((t) => t.complainant?.userId === "ent-c")).toHaveLength(1);
    } finally {
      await a.close();
    }
  }, 40_000);

  it("a record Redis refuses for a reason other than an outage stays in the journal and does not block the others", async () => {
    const prefix = fresh();
    const a = await instance(redis.url, prefix, clock, { replay: false });
    try {
      await until(() => a.health.up, "redis up");
      await down(a);
      const gas = await a.complain("ent-p", "用气报装一个多月没办下来,部门推诿");
      const window = await a.complain("ent-q", "我要投诉:窗口工作人员态度很差");
      expect(gas.ticket.unit).not.toBe(window.ticket.unit);
      await redis.up();
      await until(() => a.health.up, "redis back");
      // A key of the wrong type where the first record's unit index goes: its script fails (WRONGTYPE).
      await a.client.set(`${prefix}unit:${gas.ticket.unit}`, "not a set");
      expect(await a.store.replay()).toBe(1);
      expect((await a.store.redis.get(window.ticket.id))?.complainant?.userId).toBe("ent-q");
      expect(a.store.journal.find(gas.ticket.id)?.replayedAt).toBeNull();
    } finally {
      await a.close();
    }
  }, 40_000);

  // Finding 4: a stopped (not dead) Redis held a complaint for 39 s and it was not journaled.
  it("a frozen Redis costs one command timeout, the complaint is journaled, and the late write does not land twice", async () => {
    const a = await instance(redis.url, fresh(), clock, { timeoutMs: 600 });
    try {
      await until(() => a.health.up && a.store.journal.tagClaimed, "redis up");
      redis.freeze();
      const t0 = Date.now();
      const d = await a.complain("ent-f", "用气报装一个多月没办下来,部门推诿");
      const firstMs = Date.now() - t0;
      expect(d.ticket.id).toMatch(J);
      expect(firstMs).toBeLessThan(5000);
      // The gate is shut now: the next complaint does not wait at all for Redis.
      const t1 = Date.now();
      const e = await a.complain("ent-g", "用水报装两个月了还没办下来,部门推诿");
      expect(e.ticket.id).toMatch(J);
      expect(Date.now() - t1).toBeLessThan(firstMs);
      redis.thaw();
      await until(() => a.store.journal.pendingCount() === 0, "replay after thaw");
      // The create queued behind the freeze ran late and wrote nothing: one ticket, the journal's number.
      const mine = (await a.store.list({})).filter((t) => t.complainant?.userId === "ent-f");
      expect(mine.map((t) => t.id)).toEqual([d.ticket.id]);
    } finally {
      redis.thaw();
      await a.close();
    }
  }, 40_000);

  // Finding 3 (second half): only connection loss was journaled; OOM and READONLY failed the complaint.
  it("OOM and READONLY writes journal the complaint, and it lands when Redis takes writes again", async () => {
    const a = await instance(redis.url, fresh(), clock);
    try {
      await until(() => a.health.up && a.store.journal.tagClaimed, "redis up");
      await a.client.configSet({ maxmemory: "1", "maxmemory-policy": "noeviction" });
      const oom = await a.complain("ent-o", "用气报装一个多月没办下来,部门推诿", "oom-1");
      expect(oom.ticket.id).toMatch(J);
      expect(oom.text).toContain("已为您登记投诉");
      const again = await a.complain("ent-o", "用气报装一个多月没办下来,部门推诿", "oom-1");
      expect(again.ticket.id).toBe(oom.ticket.id);
      await a.client.configSet({ maxmemory: "0" });
      await until(() => a.store.journal.pendingCount() === 0, "replay after OOM");
      expect((await a.store.redis.get(oom.ticket.id))?.complainant?.userId).toBe("ent-o");

      await a.client.sendCommand(["REPLICAOF", "127.0.0.1", "1"]);
      const ro = await a.complain("ent-r", "用水报装两个月了还没办下来,部门推诿");
      expect(ro.ticket.id).toMatch(J);
      await a.client.sendCommand(["REPLICAOF", "NO", "ONE"]);
      await until(() => a.store.journal.pendingCount() === 0, "replay after READONLY");
      expect((await a.store.redis.get(ro.ticket.id))?.complainant?.userId).toBe("ent-r");
    } finally {
      await a.client.configSet({ maxmemory: "0" }).catch(() => undefined);
      await a.client.sendCommand(["REPLICAOF", "NO", "ONE"]).catch(() => undefined);
      await a.close();
    }
  }, 40_000);

  // Finding 9: replay while Redis was still loading failed and waited for the next reconnect.
  it("replays once a restarted Redis has finished LOADING, without waiting for a reconnect", async () => {
    const a = await instance(redis.url, fresh(), clock);
    try {
      await until(() => a.health.up && a.store.journal.tagClaimed, "redis up");
      // Enough keys that loading them, slowed per key, takes a couple of seconds.
      for (let i = 0; i < 20_000; i += 1000) {
        const m = a.client.multi();
        for (let k = i; k < i + 1000; k++) m.set(`fill:${k}`, "x");
        await m.exec();
      }
      await a.client.sendCommand(["SAVE"]);
      await down(a);
      const d = await a.complain("ent-l", "用气报装一个多月没办下来,部门推诿");
      await redis.up(["--dbfilename", "dump.rdb", "--key-load-delay", "100", "--loading-process-events-interval-bytes", "1024"]);
      // It answers LOADING first, and the journal waits meanwhile …
      await until(async () => /LOADING/.test(String(await a.client.get("x").catch((e: Error) => e.message))), "LOADING replies", 10_000);
      expect(a.store.journal.pendingCount()).toBe(1);
      await until(() => a.store.journal.pendingCount() === 0, "replay after loading", 20_000);
      expect((await a.store.redis.get(d.ticket.id))?.complainant?.userId).toBe("ent-l");
      await a.client.flushAll();
    } finally {
      await a.close();
    }
  }, 60_000);
});
