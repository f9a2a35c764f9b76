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
// "2025年上半年", "三季度末前", "第四季度前": a half or a quarter as the deadline.
const PERIOD = new RegExp(`(?:${YEAR})?(上半年|下半年|(?:第)?([一二三四1-4])季度(末|底)?)(之前|以前|前|底前|末前)?`, "g");
const QUARTER_END: Record<string, [number, number]> = { "1": [3, 31], 一: [3, 31], "2": [6, 30], 二: [6, 30], "3": [9, 30], 三: [9, 30], "4": [12, 31], 四: [12, 31] };
const COMPLETION_LABEL = /(完成时限|完成时间|时间节点|完成期限|时限要求)[:：]\s*$/;
const RECURRING = /每(两周|半年|季度|个月|天|日|周|月|季|年)(?:(\d{1,2})日)?(之前|以前|前)?/g;

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Where the innermost bracket around index i opens (-1 outside any). */
type OpenAt = (i: number) => number;

/** For each index, the start of the innermost bracket it sits in (-1 outside any). */
function bracketStarts(text: string): Int32Array {
  const at = new Int32Array(text.length).fill(-1);
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(" || c === "（") stack.push(i);
    at[i] = stack.length ? stack[stack.length - 1] : -1;
    if ((c === ")" || c === "）") && stack.length) stack.pop();
  }
  return at;
}

/** From `from` to the end of the sentence, cut at a comma (outside quotes) when longer than 50 characters. */
function restOfSentence(text: string, from: number): string {
  let depth = 0;
  let end = from;
  let cut = -1;
  for (; end < text.length; end++) {
    const c = text[end];
    if ("“‘《(（".includes(c)) depth++;
    else if ("”’》)）".includes(c)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && /[。;；!?]/.test(c)) break;
    else if (depth === 0 && /[,，]/.test(c) && end - from <= 50) cut = end;
  }
  const whole = text.slice(from, end);
  if (whole.length <= 50) return whole;
  return cut > from ? text.slice(from, cut) : whole.slice(0, 50);
}

const LEAD_WORDS = /^(并于|并在|并|于|在|要在|要于|要|将于|将|力争于|力争在|力争|确保于|确保在|确保|争取于|争取在|争取|须于|须在|应于|应在|之前|前|以前|,|，)+/;

/**
 * The task a deadline closes. A bracket after a sentence closes that sentence: in "制定实施“一链一策”。
 * (市发改委负责,2025年6月底前完成)" the date belongs to 制定实施“一链一策”. In running text it is the
 * clause it stands in, with the date taken out ("10月底前完成所有驿站建设" → "完成所有驿站建设"), and the
 * clause before when what is left is a fragment ("并于5月3日前报市营商办" → "制定整改方案,报市营商办").
 */
function subjectFor(text: string, start: number, end: number, phrase: string, brackets: OpenAt): string {
  const open = brackets(start);
  if (open >= 0) {
    let k = open;
    while (k > 0 && /[。;；,，\s]/.test(text[k - 1])) k--;
    // Back to the previous full stop: clauses joined by ";" are one task closed by one bracket.
    let a = k;
    while (a > 0 && !/[。!?)）]/.test(text[a - 1])) a--;
    const before = trimPunct(text.slice(a, k).replace(/^[(（][^)）]*[)）]/, ""));
    if (before.length >= 4) return before.length > 60 ? before.slice(0, 60) : before;
  }
  const [a, b] = clauseAround(text, start, end);
  let s = trimPunct(text.slice(a, start).replace(/(到|至|于|在)$/, "") + text.slice(end, b).replace(LEAD_WORDS, ""));
  s = s.replace(LEAD_WORDS, "");
  // "到2025年底,X达到98%": a date leading its own clause governs the rest of its sentence.
  if (s.length < 4 && b < text.length && !/[。;；!?]/.test(text[b])) s = trimPunct(s + restOfSentence(text, b + 1));
  if (s.length < 6 && a > 0 && !/[。;；!?]/.test(text[a - 1])) {
    // A fragment: the clause before says what is done ("…制定整改方案,并于5月3日前报…").
    let c = a - 1;
    while (c > 0 && !/[。;；!?,，:]/.test(text[c - 1])) c--;
    s = trimPunct(`${trimPunct(text.slice(c, a))},${s}`);
  }
  if (s.length < 4) {
    const [c, d] = nextClause(text, b);
    s = trimPunct(s + text.slice(c, d));
  }
  return s || phrase;
}

const ONGOING = /(持续推进|长期坚持|长期推进|持续开展|持续实施|常态化推进|长期执行|长期)/;

/** "(X负责,持续推进)", "完成时限:长期坚持": a duty without an end date, in a deadline's place. */
function extractOngoing(text: string, brackets: OpenAt): DeadlineFact[] {
  const out: DeadlineFact[] = [];
  for (const m of text.matchAll(new RegExp(ONGOING.source, "g"))) {
    const start = m.index!;
    const open = brackets(start);
    const labeled = /(完成时限|完成时间|时间节点|时限要求|时间要求)[:：]\s*$/.test(text.slice(Math.max(0, start - 8), start));
    // Only in a bracket that assigns the task, or after a completion label: "持续推进改革" in a sentence is no deadline.
    const inAssignment = open >= 0 && /负责|牵头|配合|单位/.test(text.slice(open, start)) && /^[)）,，;；]|^$/.test(text.slice(start + m[0].length, start + m[0].length + 1));
    if (!labeled && !inAssignment) continue;
    out.push({ text: m[0], ongoing: true, subject: subjectFor(text, start, start + m[0].length, m[0], brackets) });
  }
  return out;
}

export function extractDeadlines(text: string, docYear?: number): DeadlineFact[] {
  const out: (DeadlineFact & { at: number })[] = [];
  const taken: [number, number][] = [];
  const overlaps = (s: number, e: number) => taken.some(([a, b]) => s < b && e > a);

  // The bracket index is built only when a date is found in a text that has brackets.
  let built: Int32Array | null = null;
  const hasBrackets = /[(（]/.test(text);
  const brackets: OpenAt = (i) => (hasBrackets ? (built ??= bracketStarts(text))[i] : -1);
  const ongoing = /持续|长期|常态化/.test(text) ? extractOngoing(text, brackets) : [];
  // Every dated pattern names 月 or 年; most measures have neither.
  if (!/[月年]/.test(text)) return ongoing;
  for (const m of text.matchAll(MONTH_DEADLINE)) {
    const start = m.index!;
    const end = start + m[0].length;
    const [, , y, mo, , part, dayNum, before] = m;
    if (/每$/.test(text.slice(Math.max(0, start - 1), start))) continue;
    // A date is a deadline only when it says so: 底/中旬/… or 前, or "至…" naming an end, or a
    // completion label before a bare month ("完成时限:2025年10月" — by the end of that month).
    const hasPart = part !== undefined && dayNum === undefined;
    const labeled = !hasPart && !before && dayNum === undefined && COMPLETION_LABEL.test(text.slice(Math.max(0, start - 8), start));
    if (!hasPart && !before && !labeled) continue;
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
    else if (labeled) day = "end";
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
    out.push({ at: start, text: phrase, year, month, day, date, subject: subjectFor(text, start, end, phrase, brackets), ...(date ? {} : { unsure: true }) });
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
      subject: subjectFor(text, start, end, m[0], brackets),
      ...(year !== undefined ? {} : { unsure: true }),
    });
  }
  if (/半年|季度/.test(text))
    for (const m of text.matchAll(PERIOD)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (overlaps(start, end) || /每$|或$/.test(text.slice(Math.max(0, start - 1), start))) continue;
      const [, y, what, q, qEnd, before] = m;
      const after = text.slice(end, end + 4);
      // A half is a deadline when something is done by it; a quarter only with 末/底/前.
      const isDeadline = q ? Boolean(qEnd || before) : Boolean(before) || /^(内)?(完成|全面|基本|实现|建成|出台|上线)/.test(after) || /[于在到至]$/.test(text.slice(Math.max(0, start - 1), start));
      if (!isDeadline) continue;
      const year = y ? parseChineseNumber(y) ?? undefined : docYear;
      const [month, day] = q ? QUARTER_END[q] : what === "上半年" ? [6, 30] : [12, 31];
      taken.push([start, end]);
      out.push({ at: start, text: m[0], year, month, day: "end", date: year !== undefined ? iso(year, month, day) : undefined, subject: subjectFor(text, start, end, m[0], brackets), ...(year !== undefined ? {} : { unsure: true }) });
    }
  return [...out.sort((a, b) => a.at - b.at).map(({ at: _at, ...d }) => d), ...ongoing];
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
    // "每季度或半年": one duty with two admissible cadences, reminded at the more frequent.
    const alt = /^或(每)?(半年|季度|年|月)/.exec(text.slice(end));
    if (alt) fact.or = EVERY[alt[2]];
    out.push(fact);
  }
  return out;
}
