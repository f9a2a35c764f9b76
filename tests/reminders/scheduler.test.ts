import { describe, it, expect, afterEach } from "vitest";
import { world, runDays, RecordingPusher, type World, type StoreKind } from "./helpers.ts";
import { PushError, type Pusher } from "../../core/delivery.ts";
import type { Address } from "../../core/message.ts";

const TEXT = "行政审批窗口办事拖延,材料交了20天没有答复,电话13812345678,身份证210211198001011234";
const REPLY_ONLY = { kinds: ["reply"] };

describe.each<StoreKind>(["redis", "sqlite"])("reminder scheduler on the %s store", (kind) => {
  let w: World;
  afterEach(async () => {
    await w?.cleanup();
  });

  it("sends the full ladder across National Day 2025, escalates after 3 working days overdue, stops on resolve", async () => {
    // Created Fri 2025-09-12: the 15-working-day reply clock ends Fri 2025-10-10 (Oct 1–8 off, Sun 9-28 and Sat 10-11 worked).
    w = await world(kind, "2025-09-12T10:00:00+08:00");
    const id = await w.complain(TEXT, "行政审批局");
    const t = (await w.tickets.get(id))!;
    expect(t.unit).toBe("行政审批局");
    expect(t.deadlines.find((d) => d.kind === "reply")!.dueAt).toBe(new Date("2025-10-10T23:59:59.999+08:00").toISOString());
    const pusher = new RecordingPusher(w.clock);
    const s = w.scheduler({ pusher, rules: REPLY_ONLY });
    await runDays(w, s, "2025-09-12", "2025-10-14");
    const officer = pusher.to("officer-xzsp").map((g) => g.at);
    expect(officer).toEqual(
      ["2025-09-29", "2025-10-09", "2025-10-10", "2025-10-11", "2025-10-13", "2025-10-14"].map((d) => new Date(`${d}T09:00:00+08:00`).toISOString()),
    );
    const texts = pusher.to("officer-xzsp").map((g) => g.text);
    expect(texts[0]).toMatch(/【到期提醒】工单 TS\d{8}-\d{4} 答复投诉人时限还剩 3 个工作日/);
    expect(texts[0]).toContain("2025年10月10日(周五)");
    expect(texts[0]).toContain(`请发送「回复 ${id} 内容」`);
    expect(texts[0]).toContain("到期前3个工作日提醒");
    expect(texts[0]).toContain("15个工作日内答复投诉人");
    expect(texts.join("\n")).not.toMatch(/13812345678|210211198001011234/);
    expect(texts[2]).toContain("【今日到期】");
    expect(texts[3]).toContain("已超期 1 个工作日"); // Saturday 10-11 is a make-up working day
    expect(texts[5]).toContain("【超期督办】");
    // Escalation reaches the leader (on DingTalk) and both people of the supervising office, on their channels.
    expect(pusher.to("leader-xzsp").map((g) => [g.to.channel, g.at])).toEqual([["dingtalk", new Date("2025-10-14T09:00:00+08:00").toISOString()]]);
    expect(pusher.to("officer-yshj")).toHaveLength(1);
    expect(pusher.to("leader-yshj")[0].to.channel).toBe("wechat");

    w.clock.set("2025-10-14T10:00:00+08:00");
    const r = await w.tickets.reply({ channel: "local", userId: "officer-xzsp" }, id, "已联系企业,本周办结");
    expect(r.ok).toBe(true);
    const before = pusher.got.length;
    await runDays(w, s, "2025-10-15", "2025-10-17");
    expect(pusher.got.length).toBe(before);
  });

  it("holds a step due at 20:00 Friday until Monday 09:00", async () => {
    // Created Thu 2025-11-13: the 3-working-day accept clock ends Tue 11-18; "2 working days before at 20:00" is Fri 11-14 20:00.
    w = await world(kind, "2025-11-13T10:00:00+08:00");
    const id = await w.complain(TEXT, "行政审批局");
    const pusher = new RecordingPusher(w.clock);
    const rules = { kinds: ["accept"], before: [{ workdays: 2, at: "20:00" }], dueDay: { enabled: false }, overdue: { enabled: false } };
    const s = w.scheduler({ pusher, rules });
    expect(s.ladder.fixedSteps(new Date((await w.tickets.get(id))!.deadlines[0].dueAt)).map((x) => x.at.toISOString())).toEqual([new Date("2025-11-17T09:00:00+08:00").toISOString()]);
    for (const at of ["2025-11-14T17:59:00+08:00", "2025-11-14T20:00:00+08:00", "2025-11-15T10:00:00+08:00", "2025-11-16T12:00:00+08:00", "2025-11-17T08:59:00+08:00"]) {
      w.clock.set(at);
      const rep = await s.pass();
      expect(rep.sent).toHaveLength(0);
    }
    w.clock.set("2025-11-17T09:00:00+08:00");
    const rep = await s.pass();
    expect(rep.sent.map((p) => p.to.userId)).toEqual(["officer-xzsp"]);
    expect(pusher.got[0].text).toContain("还剩 1 个工作日");
  });

  it("two scheduler instances on one store send each reminder once", async () => {
    w = await world(kind, "2025-11-03T10:00:00+08:00");
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await w.complain(`${TEXT} 第${i}件`, "行政审批局"));
    const shared = new RecordingPusher(w.clock, 2);
    const a = w.scheduler({ pusher: shared, owner: "a", rules: { kinds: ["accept", "reply"] } });
    const b = w.scheduler({ pusher: shared, owner: "b", rules: { kinds: ["accept", "reply"] } });
    // Accept clocks end Thu 11-06; at 09:00 on 11-06 each ticket's accept is due today; 11-10 (Mon) they are 2 days overdue.
    for (const at of ["2025-11-04T09:00:00+08:00", "2025-11-06T09:00:00+08:00", "2025-11-10T09:30:00+08:00"]) {
      w.clock.set(at);
      const [ra, rb] = await Promise.all([a.pass(), b.pass(), a.pass(), b.pass()]);
      expect(ra.quiet || rb.quiet).toBe(false);
    }
    const keys = shared.got.map((g) => `${g.to.userId}|${g.at}|${g.text.split("\n")[0]}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(shared.got).toHaveLength(ids.length * 3);
  });

  it("retries a failing push with exponential backoff and sends it once", async () => {
    w = await world(kind, "2025-11-03T10:00:00+08:00");
    await w.complain(TEXT, "行政审批局");
    let calls = 0;
    const delivered: { to: Address; at: string }[] = [];
    const flaky: Pusher = {
      async push(to) {
        calls++;
        if (calls <= 2) throw new PushError("gateway 502");
        delivered.push({ to, at: w.clock.now().toISOString() });
      },
    };
    const s = w.scheduler({ pusher: flaky, rules: { kinds: ["accept"], retry: { maxAttempts: 5, baseDelaySeconds: 60, maxDelaySeconds: 3600 } } });
    w.clock.set("2025-11-06T09:00:00+08:00");
    expect((await s.pass()).retrying).toBe(1);
    w.clock.set("2025-11-06T09:00:59+08:00");
    expect((await s.pass()).sent).toHaveLength(0); // first retry waits 60 s
    expect(calls).toBe(1);
    w.clock.set("2025-11-06T09:01:00+08:00");
    expect((await s.pass()).retrying).toBe(1); // second failure: next in 120 s
    w.clock.set("2025-11-06T09:02:59+08:00");
    await s.pass();
    expect(calls).toBe(2);
    w.clock.set("2025-11-06T09:03:00+08:00");
    expect((await s.pass()).sent).toHaveLength(1);
    for (const at of ["2025-11-06T09:10:00+08:00", "2025-11-06T15:00:00+08:00"]) {
      w.clock.set(at);
      await s.pass();
    }
    expect(calls).toBe(3);
    expect(delivered).toEqual([{ to: { channel: "local", userId: "officer-xzsp" }, at: new Date("2025-11-06T09:03:00+08:00").toISOString() }]);
  });

  it("a restart in the middle of a pass loses nothing and repeats nothing", async () => {
    w = await world(kind, "2025-11-03T10:00:00+08:00");
    for (let i = 0; i < 5; i++) await w.complain(`${TEXT} 第${i}件`, "行政审批局");
    const pusher = new RecordingPusher(w.clock);
    const rules = { kinds: ["accept"], scheduler: { maxSendsPerPass: 3 } };
    w.clock.set("2025-11-06T09:00:00+08:00");
    const first = w.scheduler({ pusher, rules, owner: "first" });
    const r1 = await first.pass();
    expect(r1.sent).toHaveLength(3);
    expect(r1.capped).toBe(true);
    // The process dies; a new one (new scheduler, new state object, same store) takes over.
    w.clock.set("2025-11-06T09:05:00+08:00");
    const second = w.scheduler({ pusher, rules, owner: "second" });
    expect((await second.pass()).sent).toHaveLength(2);
    expect((await second.pass()).sent).toHaveLength(0);
    expect(new Set(pusher.got.map((g) => g.text)).size).toBe(5);
  });

  it("a claim left by a crashed sender is taken over after its lease", async () => {
    w = await world(kind, "2025-11-06T09:00:00+08:00");
    const id = await w.complain(TEXT, "行政审批局");
    const state = w.state();
    const key = `t|${id}|accept|1|before-3@local:officer-xzsp`;
    expect(await state.claim(key, "crashed", 1)).toBe(true); // 1 ms lease
    await new Promise((r) => setTimeout(r, 20));
    w.clock.set("2025-11-06T09:00:01+08:00");
    expect(await state.claim(key, "other", 60_000)).toBe(true);
    expect(await state.claim(key, "third", 60_000)).toBe(false);
  });
});

describe("escalation with nobody in the unit", () => {
  it("goes to the supervising office instead of nowhere", async () => {
    const w = await world("sqlite", "2025-11-03T10:00:00+08:00");
    try {
      const s = w.scheduler();
      expect(s.targets("没有这个单位", false).map((t) => t.to.userId)).toEqual(["officer-yshj", "leader-yshj"]);
      expect(s.targets("行政审批局", false).map((t) => t.role)).toEqual(["officer"]);
      expect(s.targets("行政审批局", true).map((t) => t.role)).toEqual(["officer", "leader", "supervisor", "supervisor"]);
    } finally {
      await w.cleanup();
    }
  });
});
