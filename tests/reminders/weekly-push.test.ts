// The weekly report's push: on the first working day of the week at the configured time, to the
// supervising office's leaders, once per person however many passes or instances run; a Monday
// holiday moves it to the next working day.
import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock } from "../../core/clock.ts";
import { silentLogger } from "../../core/log.ts";
import type { Address } from "../../core/message.ts";
import { ChineseWorkCalendar } from "../../tickets/calendar.ts";
import { loadTicketConfig } from "../../tickets/config.ts";
import { parseReminderRules } from "../../reminders/rules.ts";
import { SqliteReminderState } from "../../reminders/sqlite-state.ts";
import { openDatabase } from "../../tickets/db.ts";
import { WeeklyReportPush } from "../../reminders/weekly-push.ts";
import { CONFIG_DIR } from "../admin/helpers.ts";

const bj = (s: string) => new Date(`${s}:00+08:00`);

function setup(start: string, rules = parseReminderRules({})) {
  const dir = mkdtempSync(join(tmpdir(), "zwb-weekly-push-"));
  const clock = new ManualClock(bj(start));
  const state = new SqliteReminderState(openDatabase(dir), () => clock.now().getTime());
  const sent: { to: Address; text: string }[] = [];
  const summaries: string[] = [];
  const directory = loadTicketConfig(CONFIG_DIR).directory;
  const make = () =>
    new WeeklyReportPush({
      clock,
      calendar: new ChineseWorkCalendar([], silentLogger()),
      state,
      pusher: { push: async (to, text) => void sent.push({ to, text }) },
      log: silentLogger(),
      rules,
      directory,
      summary: async (now) => {
        summaries.push(now.toISOString());
        return "【营商环境周报】测试";
      },
      requeue: async () => undefined,
      owner: Math.random().toString(36),
    });
  return { clock, sent, summaries, make, done: () => rmSync(dir, { recursive: true, force: true }) };
}

describe("weekly report push", () => {
  it("Monday 09:00 to the supervising office's leaders, once however many instances run", async () => {
    const t = setup("2026-12-07T08:59");
    const a = t.make();
    const b = t.make();
    expect(await a.runOnce()).toBe(0); // not yet
    t.clock.set(bj("2026-12-07T09:00"));
    expect((await Promise.all([a.runOnce(), b.runOnce()])).reduce((x, y) => x + y, 0)).toBe(1);
    expect(t.sent).toEqual([{ to: { channel: "local", userId: "leader-yshj" }, text: "【营商环境周报】测试" }]);
    t.clock.set(bj("2026-12-08T10:00"));
    expect(await a.runOnce()).toBe(0); // this week's is sent
    t.clock.set(bj("2026-12-14T09:05"));
    expect(await b.runOnce()).toBe(1); // next week
    t.done();
  });

  it("a Monday holiday moves it to the next working day; the rules choose day, time, units and roles", async () => {
    // 2026-10-05 is a National Day holiday Monday (1–7 October); the week's first working day is Thursday 10-08.
    const t = setup("2026-10-05T09:30");
    const a = t.make();
    expect(a.dueAt(t.clock.now()).toISOString()).toBe(bj("2026-10-08T09:00").toISOString());
    expect(await a.runOnce()).toBe(0);
    const rules = parseReminderRules({ weeklyReport: { weekday: 2, at: "10:30", units: ["税务局"], roles: ["officer"] } });
    const u = setup("2026-12-08T10:29", rules);
    const p = u.make();
    expect(await p.runOnce()).toBe(0);
    u.clock.set(bj("2026-12-08T10:30"));
    expect(await p.runOnce()).toBe(1);
    expect(u.sent.map((s) => s.to.userId)).toEqual(["officer-sw"]);
    const off = setup("2026-12-07T09:00", parseReminderRules({ weeklyReport: { enabled: false } }));
    expect(await off.make().runOnce()).toBe(0);
    t.done();
    u.done();
    off.done();
  });
});
