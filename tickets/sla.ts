// A ticket's clocks (受理, 整改方案, 答复, 办结, 回访) computed from config/sla.json on the
// working-day calendar. A deadline "within N working days" ends at 24:00 Beijing time of that day.
import type { SlaConfig } from "./config.ts";
import type { Deadline } from "./types.ts";
import { type WorkCalendar } from "./calendar.ts";
import { shanghaiDay, endOfShanghaiDay } from "../core/time.ts";

export type ClockStart = "created" | "replied" | "resolved";

function addMonthsDay(day: string, months: number): string {
  const [y, m, d] = day.split("-").map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** Deadlines of the clocks that start at `start`; `kinds` limits them (used when a ticket is reopened). */
export function computeDeadlines(sla: SlaConfig, cal: WorkCalendar, from: Date, start: ClockStart, round = 1, kinds?: string[]): Deadline[] {
  const out: Deadline[] = [];
  for (const c of sla.deadlines) {
    if (kinds ? !kinds.includes(c.kind) : c.from !== start) continue;
    let day: string;
    let provisional = false;
    if (c.workdays !== undefined) {
      const r = cal.addWorkdays(from, c.workdays);
      day = shanghaiDay(r.date);
      provisional = r.provisional;
    } else day = addMonthsDay(shanghaiDay(from), c.months!);
    out.push({ kind: c.kind, round, dueAt: endOfShanghaiDay(day).toISOString(), rule: c.rule, provisional, stopsOn: c.stopsOn });
  }
  return out;
}

export function deadlineLabel(sla: SlaConfig, kind: string): string {
  return sla.deadlines.find((d) => d.kind === kind)?.label ?? kind;
}

const WEEK = ["日", "一", "二", "三", "四", "五", "六"];

/** "2025年10月11日(周六)" in Beijing time. */
export function formatDay(iso: string | Date): string {
  const day = shanghaiDay(new Date(iso));
  const [y, m, d] = day.split("-").map(Number);
  return `${y}年${m}月${d}日(周${WEEK[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]})`;
}
