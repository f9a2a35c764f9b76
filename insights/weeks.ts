// ISO weeks (周报 "2026-W49") on Beijing calendar days: a week runs Monday 00:00 to the next Monday
// 00:00 Beijing time, and belongs to the year its Thursday falls in.
import { addDays, shanghaiDay, startOfShanghaiDay, weekday } from "../core/time.ts";

export interface Week {
  /** "2026-W49" */
  id: string;
  /** Monday and Sunday, "YYYY-MM-DD". */
  monday: string;
  sunday: string;
  from: Date;
  to: Date;
}

const WEEK_RE = /^(\d{4})-?W(\d{1,2})$/i;

export function mondayOfDay(day: string): string {
  return addDays(day, -((weekday(day) + 6) % 7));
}

export function weekOfDay(day: string): Week {
  const monday = mondayOfDay(day);
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const firstThursdayMonday = mondayOfDay(isoWeekOneThursday(year));
  const n = Math.round((Date.parse(`${monday}T00:00:00Z`) - Date.parse(`${firstThursdayMonday}T00:00:00Z`)) / (7 * 86_400_000)) + 1;
  return build(`${year}-W${String(n).padStart(2, "0")}`, monday);
}

function isoWeekOneThursday(year: number): string {
  // Week 1 holds the year's first Thursday, i.e. January 4th.
  const jan4 = `${year}-01-04`;
  return addDays(mondayOfDay(jan4), 3);
}

function build(id: string, monday: string): Week {
  return { id, monday, sunday: addDays(monday, 6), from: startOfShanghaiDay(monday), to: startOfShanghaiDay(addDays(monday, 7)) };
}

/** "2026-W49" → the week; null when malformed or out of range. */
export function parseWeek(s: string): Week | null {
  const m = WEEK_RE.exec(s.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || n > 53) return null;
  const monday = addDays(mondayOfDay(`${year}-01-04`), (n - 1) * 7);
  const w = weekOfDay(monday);
  return w.id === `${year}-W${String(n).padStart(2, "0")}` ? w : null;
}

/** The last week that has ended by `now` (on Monday morning: the week just past). */
export function lastFullWeek(now: Date): Week {
  return weekOfDay(addDays(mondayOfDay(shanghaiDay(now)), -7));
}

/** The weeks from the one holding `fromDay` to the one holding `toDay`. */
export function weeksBetween(fromDay: string, toDay: string): Week[] {
  const out: Week[] = [];
  for (let d = mondayOfDay(fromDay); d <= toDay; d = addDays(d, 7)) out.push(weekOfDay(d));
  return out;
}

/** "2026年第49周（12月1日—12月7日）" */
export function weekLabel(w: Week): string {
  const md = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
  return `${w.id.slice(0, 4)}年第${Number(w.id.slice(6))}周（${md(w.monday)}—${md(w.sunday)}）`;
}
