import { describe, it, expect, beforeAll, afterEach } from "vitest";
import { resolve } from "node:path";
import { KnowledgeService } from "../../knowledge/service.ts";
import { silentLogger } from "../../core/log.ts";
import type { Measure } from "../../knowledge/types.ts";
import { parseReminderRules, loadReminderRules } from "../../reminders/rules.ts";
import { TaskService } from "../../reminders/task-service.ts";
import { nextOccurrence } from "../../reminders/tasks.ts";
import { taskCommands } from "../../handlers/tasks.ts";
import { textReply } from "../../core/message.ts";
import type { AppContext, Deps } from "../../handlers/deps.ts";
import { world, runDays, RecordingPusher, CONFIG_DIR, type World } from "./helpers.ts";

let measures: Measure[] = [];
beforeAll(async () => {
  const kb = new KnowledgeService(resolve(import.meta.dirname, "../../knowledge/corpus"), silentLogger());
  expect((await kb.reload()).ok).toBe(true);
  measures = kb.current().measures;
}, 60_000);

let w: World;
afterEach(async () => {
  await w?.cleanup();
});

function taskService(w: World) {
  const rules = loadReminderRules(CONFIG_DIR);
  return new TaskService({ measures: () => measures, state: w.state(), calendar: w.calendar, clock: w.clock, directory: w.tickets.directory(), rules });
}

async function chat(w: World, tasks: TaskService, userId: string, text: string): Promise<string> {
  const ctx = { msg: { channel: "local", messageId: `c${Math.random()}`, userId, text, mentioned: true, receivedAt: w.clock.now() }, deps: { tickets: w.tickets, tasks } as unknown as Deps, state: {} } as AppContext;
  await taskCommands()(ctx, async () => {
    ctx.reply = textReply("other", "(passed on)");
  });
  return ctx.reply!.text;
}

describe("policy tasks from the real corpus", () => {
  it("changxingdao item 17 「10月底前完成所有村(社区)服务驿站建设」 is a one-off task for 2021, past today", async () => {
    w = await world("sqlite", "2025-11-03T10:00:00+08:00");
    const tasks = taskService(w);
    const list = await tasks.list();
    const t = list.find((x) => x.measureId.startsWith("changxingdao") && x.measureId.endsWith(">17") && x.text === "10月底前")!;
    expect(t).toMatchObject({ type: "once", year: 2021, date: "2021-10-31", title: "完成所有村(社区)服务驿站建设", unit: "营商环境建设局", status: "past" });
    expect(t.policyUnits).toContain("区管委会办公室");
    const r = await tasks.enable(t.id);
    expect(r.ok).toBe(false);
    expect(r.text).toContain("已过");
    expect((await tasks.openDeadlines()).length).toBe(0);
  });

  it("the same task enabled in its year is reminded, and reporting it done cancels the rest", async () => {
    w = await world("sqlite", "2021-10-20T10:00:00+08:00");
    const tasks = taskService(w);
    const t = (await tasks.list()).find((x) => x.measureId.endsWith(">17") && x.text === "10月底前")!;
    expect(t.status).toBe("off");
    const pusher = new RecordingPusher(w.clock);
    const s = w.scheduler({ pusher, tasks });
    await runDays(w, s, "2021-10-20", "2021-10-27");
    expect(pusher.got).toHaveLength(0); // off until enabled
    expect((await tasks.enable(t.id, "local:admin")).ok).toBe(true);
    w.clock.set("2021-10-27T09:30:00+08:00");
    const sent = (await s.pass()).sent;
    expect(sent.map((p) => p.to.userId)).toEqual(["officer-yshj"]);
    expect(sent[0].text).toContain(`任务 ${t.id}`);
    expect(sent[0].text).toContain("完成所有村(社区)服务驿站建设");
    expect(sent[0].text).toContain(`请发送「完成任务 ${t.id}」`);
    // 10-31 is a Sunday: the due-day reminder comes on Friday 10-29.
    await runDays(w, s, "2021-10-28", "2021-10-29");
    expect(pusher.got.map((g) => g.at.slice(0, 10))).toEqual(["2021-10-27", "2021-10-29"].map((d) => new Date(`${d}T09:00:00+08:00`).toISOString().slice(0, 10)));
    expect(pusher.got[1].text).toContain("【今日到期】");
    w.clock.set("2021-10-29T11:00:00+08:00");
    expect(await chat(w, tasks, "officer-xzsp", `完成任务 ${t.id}`)).toContain("无权");
    expect(await chat(w, tasks, "officer-yshj", `完成任务 ${t.id.toLowerCase()}`)).toContain("完成");
    await runDays(w, s, "2021-10-30", "2021-11-05");
    expect(pusher.got).toHaveLength(2);
    expect((await tasks.get(t.id))!.status).toBe("done");
  });

  it("haicheng 「每月23日之前报告工作进展」 is a recurring task; done moves it to the next month; disable stops it", async () => {
    w = await world("redis", "2025-11-03T10:00:00+08:00");
    const tasks = taskService(w);
    const t = (await tasks.list()).find((x) => x.measureId.startsWith("haicheng") && x.text === "每月23日之前")!;
    expect(t).toMatchObject({ type: "recurring", every: "month", day: 23, status: "off" });
    expect((await tasks.enable(t.id)).task!.dueDay).toBe("2025-11-21"); // 11-23 is a Sunday
    const pusher = new RecordingPusher(w.clock);
    const s = w.scheduler({ pusher, tasks });
    w.clock.set("2025-11-18T09:00:00+08:00"); // 3 working days before Fri 11-21
    expect((await s.pass()).sent).toHaveLength(1);
    const done = await tasks.done(t.id, "local:officer-yshj", "营商环境建设局");
    expect(done.ok).toBe(true);
    expect(done.task!.dueDay).toBe("2025-12-23");
    await runDays(w, s, "2025-11-19", "2025-11-28");
    expect(pusher.got).toHaveLength(1);
    w.clock.set("2025-12-18T09:00:00+08:00");
    expect((await s.pass()).sent.map((p) => p.source.round)).toEqual(["2025-12-23"]);
    expect((await tasks.disable(t.id)).ok).toBe(true);
    await runDays(w, s, "2025-12-19", "2025-12-31");
    expect(pusher.got).toHaveLength(2);
  });

  it("lists recurring duties such as 每季度召开1次会议 and 每两周至少召开一次联席会议 with their next due day", async () => {
    w = await world("sqlite", "2025-11-03T10:00:00+08:00");
    const list = await taskService(w).list();
    const quarterly = list.find((x) => x.title === "每季度召开1次会议")!;
    expect(quarterly).toMatchObject({ every: "quarter", dueDay: "2025-12-31" });
    const biweekly = list.find((x) => x.every === "2weeks")!;
    expect(biweekly.dueDay).toBe("2025-11-14"); // the fortnight starting Mon 11-03 ends Sun 11-16 → Fri 11-14
    expect(list.every((x) => /^T[0-9a-f]{6}$/.test(x.id))).toBe(true);
    expect(new Set(list.map((x) => x.id)).size).toBe(list.length);
  });
});

describe("occurrences on the working-day calendar", () => {
  it("moves a period end off weekends and holidays", async () => {
    w = await world("sqlite", "2025-09-01T10:00:00+08:00");
    const def = { id: "T000000", type: "recurring" as const, title: "x", text: "每月", measureId: "m", docTitle: "d", section: "s", policyUnits: [], unit: "u", every: "month" as const };
    expect(nextOccurrence(def, "2025-09-01", w.calendar)).toBe("2025-09-30");
    expect(nextOccurrence(def, "2025-10-01", w.calendar)).toBe("2025-10-31");
    expect(nextOccurrence({ ...def, every: "quarter" }, "2026-01-05", w.calendar)).toBe("2026-03-31");
    expect(nextOccurrence({ ...def, every: "month", day: 5 }, "2025-10-01", w.calendar)).toBe("2025-11-05"); // 10-05 is in the National Day break, already behind
  });
});

describe("reminders.json", () => {
  it("the shipped file is valid", () => {
    expect(loadReminderRules(CONFIG_DIR).overdue.escalateAfterWorkdays).toBeGreaterThan(0);
  });
  it("names the field path of a mistake", () => {
    expect(() => parseReminderRules({ before: [{ workdays: 3, at: "9点" }] })).toThrow(/before\.0\.at/);
    expect(() => parseReminderRules({ workingHours: { start: "18:00", end: "09:00" } })).toThrow(/workingHours\.end/);
    expect(() => parseReminderRules({ overdu: {} })).toThrow(/overdu/);
  });
});
