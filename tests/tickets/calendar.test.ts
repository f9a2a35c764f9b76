import { describe, it, expect } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { ChineseWorkCalendar, loadCalendarOverrides } from "../../tickets/calendar.ts";
import { shanghaiDay } from "../../core/time.ts";

const bj = (s: string) => new Date(`${s}+08:00`);
const day = (d: Date) => shanghaiDay(d);

describe("working-day calendar (Asia/Shanghai)", () => {
  const cal = new ChineseWorkCalendar();

  it("knows National Day 2025 and its make-up workdays", () => {
    expect(cal.isWorkday(bj("2025-09-28T10:00:00"))).toBe(true); // Sunday, 调休上班
    expect(cal.isWorkday(bj("2025-10-11T10:00:00"))).toBe(true); // Saturday, 调休上班
    for (let d = 1; d <= 8; d++) expect(cal.isWorkday(bj(`2025-10-0${d}T10:00:00`))).toBe(false);
    expect(cal.isWorkday(bj("2025-10-12T10:00:00"))).toBe(false);
    // Tue 30 Sep + 3 workdays: Thu 9, Fri 10, Sat 11 Oct
    expect(day(cal.addWorkdays(bj("2025-09-30T09:00:00"), 3).date)).toBe("2025-10-11");
    // Fri 26 Sep + 1 workday is the make-up Sunday 28 Sep
    expect(day(cal.addWorkdays(bj("2025-09-26T16:00:00"), 1).date)).toBe("2025-09-28");
    expect(cal.workdaysBetween(bj("2025-09-30T09:00:00"), bj("2025-10-11T09:00:00"))).toBe(3);
    expect(cal.workdaysBetween(bj("2025-10-11T09:00:00"), bj("2025-09-30T09:00:00"))).toBe(-3);
  });

  it("uses the Shanghai day even for instants that are still the previous day in UTC", () => {
    // 2025-09-30T17:00Z is 1 Oct 01:00 in Beijing: a holiday
    expect(cal.isWorkday(new Date("2025-09-30T17:00:00Z"))).toBe(false);
    expect(cal.isWorkday(new Date("2025-09-30T15:00:00Z"))).toBe(true);
  });

  it("knows Spring Festival 2026 (15–23 Feb off, Sat 14 and Sat 28 Feb worked)", () => {
    expect(cal.isWorkday(bj("2026-02-14T10:00:00"))).toBe(true);
    expect(cal.isWorkday(bj("2026-02-28T10:00:00"))).toBe(true);
    for (const d of ["15", "16", "17", "18", "19", "20", "21", "22", "23"]) expect(cal.isWorkday(bj(`2026-02-${d}T10:00:00`))).toBe(false);
    // Fri 13 Feb + 2 workdays: Sat 14, then Tue 24 after the holiday
    const r = cal.addWorkdays(bj("2026-02-13T10:00:00"), 2);
    expect(day(r.date)).toBe("2026-02-24");
    expect(r.provisional).toBe(false);
    expect(cal.coverage(2026)).toBe("official");
  });

  it("counts weekends only in 2027 without an override, marks it provisional and warns once", () => {
    const lines: string[] = [];
    const log = pino({ level: "warn" }, new Writable({ write(c, _e, cb) { lines.push(String(c)); cb(); } }));
    const c = new ChineseWorkCalendar([], log);
    expect(c.coverage(2027)).toBe("provisional");
    // Tue 29 Dec 2026 + 5 workdays with no 2027 schedule: 30, 31 Dec, Fri 1 Jan (not known as a holiday), 4, 5 Jan
    const r = c.addWorkdays(bj("2026-12-29T10:00:00"), 5);
    expect(day(r.date)).toBe("2027-01-05");
    expect(r.provisional).toBe(true);
    c.addWorkdays(bj("2027-03-01T10:00:00"), 10);
    expect(lines.filter((l) => l.includes("provisional"))).toHaveLength(1);
    // A deadline entirely in 2026 stays official
    expect(c.addWorkdays(bj("2026-06-01T10:00:00"), 3).provisional).toBe(false);
  });

  it("an override file makes 2027 official and moves the deadline", () => {
    const dir = mkdtempSync(join(tmpdir(), "zwb-cal-"));
    try {
      writeFileSync(join(dir, "2027.json"), JSON.stringify({ year: 2027, holidays: ["2027-01-01"], workdays: [] }));
      const c = ChineseWorkCalendar.fromDir(dir);
      expect(c.coverage(2027)).toBe("official");
      const r = c.addWorkdays(bj("2026-12-29T10:00:00"), 5);
      expect(day(r.date)).toBe("2027-01-06");
      expect(r.provisional).toBe(false);
      writeFileSync(join(dir, "bad.json"), JSON.stringify({ year: 2028, holidays: ["2027-05-01"] }));
      expect(() => loadCalendarOverrides(dir)).toThrow(/不在 2028 年/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
