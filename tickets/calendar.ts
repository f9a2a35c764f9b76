// Working days in China, counted on Asia/Shanghai calendar days whatever the server's time zone.
// Official data comes from `chinese-days` (State Council schedules, including 调休 make-up workdays);
// config/calendar/<year>.json overrides add local adjustments or cover years the package does not.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { createRequire } from "node:module";
import type { Logger } from "../core/log.ts";

export interface WorkCalendar {
  isWorkday(d: Date): boolean;
  /** The n-th workday after the Shanghai day of `from` (that day itself does not count), as 00:00 Asia/Shanghai. */
  addWorkdays(from: Date, n: number): { date: Date; provisional: boolean };
  /** Workdays in (a, b] by Shanghai days; negative when b is before a. */
  workdaysBetween(a: Date, b: Date): number;
  coverage(year: number): "official" | "provisional";
}

import { shanghaiDay, addDays, weekday, startOfShanghaiDay } from "../core/time.ts";

// chinese-days' functions mix UTC parsing with local-time formatting, which shifts every date by one
// day on servers west of UTC; its shipped data file (day -> name) has no such problem, so we read that.
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}
const pkgData = createRequire(import.meta.url)("chinese-days/dist/chinese-days.json") as ChineseDaysData;
const pkgYears = new Set(Object.keys(pkgData.holidays).map((d) => Number(d.slice(0, 4))));

const ISO_DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");
export const CalendarOverrideSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  holidays: z.array(ISO_DAY).default([]),
  workdays: z.array(ISO_DAY).default([]),
  note: z.string().optional(),
});
export type CalendarOverride = z.infer<typeof CalendarOverrideSchema>;

export function loadCalendarOverrides(dir: string): CalendarOverride[] {
  if (!existsSync(dir)) return [];
  const out: CalendarOverride[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".json")).sort()) {
    const raw = JSON.parse(readFileSync(join(dir, f), "utf8"));
    const r = CalendarOverrideSchema.safeParse(raw);
    if (!r.success) throw new Error(`config/calendar/${f} 格式无效: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    for (const d of [...r.data.holidays, ...r.data.workdays])
      if (!d.startsWith(`${r.data.year}-`)) throw new Error(`config/calendar/${f}: ${d} 不在 ${r.data.year} 年`);
    out.push(r.data);
  }
  return out;
}

export class ChineseWorkCalendar implements WorkCalendar {
  private readonly holidays = new Set<string>();
  private readonly workdays = new Set<string>();
  private readonly overrideYears = new Set<number>();
  private readonly warned = new Set<number>();
  private readonly memo = new Map<string, { date: Date; provisional: boolean }>();

  constructor(overrides: CalendarOverride[] = [], private readonly log?: Logger) {
    for (const o of overrides) {
      this.overrideYears.add(o.year);
      for (const d of o.holidays) this.holidays.add(d);
      for (const d of o.workdays) this.workdays.add(d);
    }
  }

  static fromDir(dir: string, log?: Logger): ChineseWorkCalendar {
    return new ChineseWorkCalendar(loadCalendarOverrides(dir), log);
  }

  /** The package knows a year when it lists at least one statutory holiday in it. */
  private packageCovers(year: number): boolean {
    return pkgYears.has(year);
  }

  coverage(year: number): "official" | "provisional" {
    return this.overrideYears.has(year) || this.packageCovers(year) ? "official" : "provisional";
  }

  isWorkdayDay(day: string): boolean {
    if (this.holidays.has(day)) return false;
    if (this.workdays.has(day)) return true;
    const year = Number(day.slice(0, 4));
    if (this.packageCovers(year)) {
      if (pkgData.workdays[day]) return true;
      if (pkgData.holidays[day]) return false;
      const w = weekday(day);
      return w !== 0 && w !== 6;
    }
    if (!this.overrideYears.has(year) && !this.warned.has(year)) {
      this.warned.add(year);
      this.log?.warn({ year }, "no official holiday schedule for this year: counting weekends only, deadlines are provisional (add config/calendar/<year>.json)");
    }
    const w = weekday(day);
    return w !== 0 && w !== 6;
  }

  isWorkday(d: Date): boolean {
    return this.isWorkdayDay(shanghaiDay(d));
  }

  addWorkdays(from: Date, n: number): { date: Date; provisional: boolean } {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`workdays must be a non-negative integer, got ${n}`);
    const start = shanghaiDay(from);
    // Every ticket created on a day asks the same questions (3, 10, 15 workdays ahead): walk once.
    const key = `${start}|${n}`;
    const hit = this.memo.get(key);
    if (hit) return { date: new Date(hit.date), provisional: hit.provisional };
    let day = start;
    let provisional = false;
    for (let left = n; left > 0; ) {
      day = addDays(day, 1);
      if (this.coverage(Number(day.slice(0, 4))) === "provisional") provisional = true;
      if (this.isWorkdayDay(day)) left--;
    }
    const r = { date: startOfShanghaiDay(day), provisional };
    if (this.memo.size > 10_000) this.memo.clear();
    this.memo.set(key, r);
    return { date: new Date(r.date), provisional };
  }

  workdaysBetween(a: Date, b: Date): number {
    let from = shanghaiDay(a);
    let to = shanghaiDay(b);
    const sign = from <= to ? 1 : -1;
    if (sign < 0) [from, to] = [to, from];
    let count = 0;
    for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (this.isWorkdayDay(day)) count++;
    return sign * count;
  }
}
