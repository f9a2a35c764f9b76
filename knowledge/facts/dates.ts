// Dated deadlines ("6月底前", "2025年底前", "从即日起至7月底") and recurring duties ("每季度").

import type { DeadlineFact, RecurringFact } from "../types.ts";
import { CN_NUM_CHARS, parseChineseNumber } from "../text/numerals.ts";
import { clauseAround, nextClause, trimPunct } from "./clause.ts";

const YEAR = `(\\d{4}|[${CN_NUM_CHARS}]{4})年`;
const MONTH = `(\\d{1,2}|[${CN_NUM_CHARS}]{1,3})月(份)?`;
const PART = `(底|末|中旬|上旬|下旬|初|(\\d{1,2})日)`;
const BEFORE = "(之前|以前|前)";
const MONTH_DEADLINE = new RegExp(`(从即日起至|即日起至|至)?(?:${YEAR})?${MONTH}${PART}?${BEFORE}?`, "g");
const YEAR_END = new RegExp(`(从即日起至|即日起至|至)?(?:${YEAR}|年)(底|末)${BEFORE}?`, "g");
const RECURRING = /每(两周|半年|季度|个月|天|日|周|月|季|年)(?:(\d{1,2})日)?(之前|以前|前)?/g;

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** The clause the deadline governs: usually what follows it ("7月底前完成…"). */
function subjectFor(text: string, start: number, end: number, phrase: string): string {
  const [a, b] = clauseAround(text, start, end);
  let s = trimPunct(text.slice(a, start) + text.slice(end, b));
  if (s.length < 4) {
    const [c, d] = nextClause(text, b);
    s = trimPunct(s + text.slice(c, d));
  }
  return s || phrase;
}

export function extractDeadlines(text: string, docYear?: number): DeadlineFact[] {
  const out: (DeadlineFact & { at: number })[] = [];
  const taken: [number, number][] = [];
  const overlaps = (s: number, e: number) => taken.some(([a, b]) => s < b && e > a);

  // Every deadline pattern names 月 or 年; most measures have neither.
  if (!/[月年]/.test(text)) return [];
  for (const m of text.matchAll(MONTH_DEADLINE)) {
    const start = m.index!;
    const end = start + m[0].length;
    const [, , y, mo, , part, dayNum, before] = m;
    if (/每$/.test(text.slice(Math.max(0, start - 1), start))) continue;
    // A date is a deadline only when it says so: 底/中旬/… or 前, or "至…" naming an end.
    const hasPart = part !== undefined && dayNum === undefined;
    if (!hasPart && !before) continue;
    if (/^\d{4}$/.test(mo)) continue;
    const month = parseChineseNumber(mo);
    if (month === null || month < 1 || month > 12) continue;
    const year = y ? parseChineseNumber(y) ?? undefined : docYear;
    let day: DeadlineFact["day"];
    let date: string | undefined;
    if (dayNum) day = Number(dayNum);
    else if (part === "底" || part === "末" || part === "下旬") day = "end";
    else if (part === "中旬") day = "mid";
    else if (part === "上旬" || part === "初") day = "early";
    if (year !== undefined) {
      if (typeof day === "number") date = iso(year, month, day);
      else if (day === "end") date = iso(year, month, lastDay(year, month));
      else if (day === "mid") date = iso(year, month, 20);
      else if (day === "early") date = iso(year, month, 10);
      // "7月份前": before the month starts, i.e. by the last day of the month before.
      else if (month > 1) date = iso(year, month - 1, lastDay(year, month - 1));
      else date = iso(year - 1, 12, 31);
    }
    const phrase = m[0];
    taken.push([start, end]);
    out.push({ at: start, text: phrase, year, month, day, date, subject: subjectFor(text, start, end, phrase) });
  }
  for (const m of text.matchAll(YEAR_END)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (overlaps(start, end)) continue;
    const [, upTo, y, , before] = m;
    // A bare 年底 ("纳入年底考核") is only a deadline with 前 or 至.
    if (!y && !before && !upTo) continue;
    const year = y ? parseChineseNumber(y) ?? undefined : docYear;
    out.push({
      at: start,
      text: m[0],
      year,
      month: 12,
      day: "end",
      date: year !== undefined ? iso(year, 12, 31) : undefined,
      subject: subjectFor(text, start, end, m[0]),
    });
  }
  return out.sort((a, b) => a.at - b.at).map(({ at: _at, ...d }) => d);
}

const EVERY: Record<string, RecurringFact["every"]> = {
  天: "day", 日: "day", 周: "week", 两周: "2weeks", 月: "month", 个月: "month",
  季: "quarter", 季度: "quarter", 半年: "halfyear", 年: "year",
};

export function extractRecurring(text: string): RecurringFact[] {
  const out: RecurringFact[] = [];
  for (const m of text.matchAll(RECURRING)) {
    const start = m.index!;
    const end = start + m[0].length;
    const [a, b] = clauseAround(text, start, end);
    const subject = trimPunct(text.slice(a, b));
    const fact: RecurringFact = { text: m[0], every: EVERY[m[1]], subject };
    if (m[2]) fact.day = Number(m[2]);
    out.push(fact);
    // "每季度或半年": one duty, two admissible cadences.
    const alt = /^或(半年|季度|年|月)/.exec(text.slice(end));
    if (alt) out.push({ text: `每${alt[1]}`, every: EVERY[alt[1]], subject });
  }
  return out;
}
