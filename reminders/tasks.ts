// Dated duties in the policies as trackable tasks: one-off deadlines ("10月底前完成…") and recurring
// ones ("每月23日之前报告…", "每季度召开1次会议"), each handed to the measure's lead unit. Definitions
// are derived from the knowledge base on every read; only the switches (TaskState) are stored.
import { createHash } from "node:crypto";
import type { Measure, RecurringFact } from "../knowledge/types.ts";
import type { DirectoryConfig } from "../tickets/config.ts";
import { unitFromHint } from "../tickets/routing.ts";
import { type WorkCalendar } from "../tickets/calendar.ts";
import { addDays, startOfShanghaiDay, weekday } from "../core/time.ts";
import type { ReminderRules } from "./rules.ts";

export interface TaskDef {
  /** Stable across reloads: a hash of the measure and the phrase. Typed by officers: `完成任务 T1a2b3c`. */
  id: string;
  type: "once" | "recurring";
  /** What is to be done, e.g. "完成所有村(社区)服务驿站建设". */
  title: string;
  /** The phrase as written: "10月底前", "每月23日之前". */
  text: string;
  measureId: string;
  docTitle: string;
  section: string;
  /** Lead units as the policy names them. */
  policyUnits: string[];
  /** The directory unit that receives the reminders. */
  unit: string;
  year?: number;
  /** One-off: the due day, YYYY-MM-DD. */
  date?: string;
  every?: RecurringFact["every"];
  day?: number;
}

export const TASK_ID_RE = /^T[0-9a-f]{6}$/i;

const EVERY_ZH: Record<RecurringFact["every"], string> = { day: "每个工作日", week: "每周", "2weeks": "每两周", month: "每月", quarter: "每季度", halfyear: "每半年", year: "每年" };

export function everyZh(d: TaskDef): string {
  return d.every ? `${EVERY_ZH[d.every]}${d.day ? `${d.day}日前` : ""}` : "";
}

function taskId(measureId: string, text: string, subject: string): string {
  return `T${createHash("sha1").update(`${measureId}\u0000${text}\u0000${subject}`).digest("hex").slice(0, 6)}`;
}

/** Policy unit names → a directory unit: configured aliases, then names contained in the policy's, then the default. */
export function unitResolver(directory: DirectoryConfig, rules: ReminderRules): (policyUnits: string[]) => string {
  const fallback = rules.tasks.defaultUnit ?? directory.supervisingUnit;
  return (policyUnits) => {
    for (const u of policyUnits) {
      const alias = rules.tasks.unitAliases[u];
      if (alias) return alias;
      const hit = unitFromHint(u, directory);
      if (hit) return hit;
    }
    return fallback;
  };
}

export function tasksFromMeasures(measures: Measure[], resolveUnit: (units: string[]) => string): TaskDef[] {
  const out = new Map<string, TaskDef>();
  for (const m of measures) {
    const base = { measureId: m.id, docTitle: m.docTitle, section: m.path.join(" > "), policyUnits: m.facts.units.lead, unit: resolveUnit(m.facts.units.lead) };
    for (const d of m.facts.deadlines) {
      if (!d.date) continue;
      const id = taskId(m.id, d.text, d.subject);
      out.set(id, { ...base, id, type: "once", title: d.subject, text: d.text, year: d.year, date: d.date });
    }
    for (const r of m.facts.recurring) {
      const id = taskId(m.id, r.text, r.subject);
      out.set(id, { ...base, id, type: "recurring", title: r.subject, text: r.text, every: r.every, ...(r.day ? { day: r.day } : {}) });
    }
  }
  return [...out.values()];
}

function lastWorkdayOnOrBefore(day: string, cal: WorkCalendar): string {
  let d = day;
  for (let i = 0; i < 60 && !cal.isWorkday(startOfShanghaiDay(d)); i++) d = addDays(d, -1);
  return d;
}

function monthEnd(y: number, m: number): string {
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10); // m is 1-based: day 0 of the next month
}

/** The nominal end of the period that contains `day` (before moving off holidays). */
function periodEnd(def: TaskDef, day: string, anchor: string): string {
  const [y, m] = day.split("-").map(Number);
  switch (def.every) {
    case "day":
      return day;
    case "week":
      return addDays(day, (7 - weekday(day)) % 7); // to Sunday
    case "2weeks": {
      const monday = addDays(anchor, -((weekday(anchor) + 6) % 7));
      const n = Math.floor((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${monday}T00:00:00Z`)) / 86_400_000 / 14);
      return addDays(monday, 14 * Math.max(0, n) + 13);
    }
    case "month": {
      const end = monthEnd(y, m);
      return def.day ? `${day.slice(0, 8)}${String(Math.min(def.day, Number(end.slice(8)))).padStart(2, "0")}` : end;
    }
    case "quarter":
      return monthEnd(y, Math.ceil(m / 3) * 3);
    case "halfyear":
      return monthEnd(y, m <= 6 ? 6 : 12);
    default:
      return monthEnd(y, 12);
  }
}

/**
 * The due day of the first occurrence due on or after `from` (YYYY-MM-DD). A period ending on a holiday
 * is due on the last working day before it: "每月23日之前" does not wait past the weekend.
 */
export function nextOccurrence(def: TaskDef, from: string, cal: WorkCalendar, anchor = from): string {
  let probe = from;
  for (let i = 0; i < 800; i++) {
    const end = periodEnd(def, probe, anchor);
    const due = lastWorkdayOnOrBefore(end, cal);
    if (due >= from) return due;
    // the period's due day is already behind `from`: look at the next period
    probe = addDays(end < probe ? probe : end, 1);
  }
  throw new Error(`no occurrence of task ${def.id} after ${from}`);
}
