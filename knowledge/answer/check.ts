// The guard between a model's answer and the user: every time limit, date and percentage the model
// states must be found in the passages it was given, and the system prompt must not come back out.
// Extraction runs the same way on answer and passages, so "十五个工作日" meets "15个工作日" as the same fact.
import { CN_NUM_CHARS, parseChineseNumber } from "../text/numerals.ts";
import { NOT_IN_KB, QUESTION_CLOSE, QUESTION_OPEN, PASSAGES_OPEN, PASSAGES_CLOSE, SYSTEM_PROMPT, type Passage } from "./prompt-text.ts";

/** "15", "1.5", "十五", "二十", "一百二十", "两", "半", "二〇二五" → number; NaN when not a number. */
export function parseNumber(s: string): number {
  return parseChineseNumber(s) ?? NaN;
}

/** Whitespace out, full-width → half-width, so "１５ 个工作日" and "15个工作日" read alike. */
export function normalize(s: string): string {
  return s.normalize("NFKC").replace(/\s+/g, "");
}

const NUM = `(?:\\d+(?:\\.\\d+)?|[${CN_NUM_CHARS}]+)`;
// Chinese numerals inside ordinary words (同一天, 统一日, 逐一, 万一) are not quantities.
// Nor is the tail of a longer numeral or an ordinal (第十五个工作日 is not "五个工作日").
const NOT_AFTER = "(?<![同统逐唯万某任之第\\d.零〇一二两三四五六七八九十百千])";

const DATE = new RegExp(
  `${NOT_AFTER}(?:(${NUM})年)?(${NUM})月(?:(${NUM})[日号]|(底|末|初|上旬|中旬|下旬))?` + `|(\\d{4}|[零〇一二三四五六七八九]{4})年(底|末|初)?`,
  "g",
);
const LIMIT = new RegExp(`${NOT_AFTER}(${NUM}|半)(个)?(半)?(工作日|小时|个月|月|日|天|年|周|星期|分钟)`, "g");
const RANGE = new RegExp(`${NOT_AFTER}(${NUM})(?:个)?[-~～—至到或、](${NUM})(个)?(半)?(工作日|小时|个月|月|日|天|年|周|星期|分钟)`, "g");
const PERCENT = new RegExp(`(${NUM})(?:%|％)|百分之(${NUM})`, "g");
const FRACTION = new RegExp(`(${NUM})分之(${NUM})`, "g");

export interface FactPhrase {
  /** The phrase as written in the text. */
  text: string;
  /** Canonical key: equal keys mean the same fact. */
  key: string;
  kind: "date" | "year" | "limit" | "percent" | "fraction";
  /** For dates: the key without the year, so "2025年10月底" is supported by a "10月底前" in a 2025 document. */
  looseKey?: string;
  year?: number;
}

const DAY_PART: Record<string, string> = { 底: "end", 末: "end", 初: "early", 上旬: "early", 中旬: "mid", 下旬: "late" };

function limitKey(value: number, unit: string): string {
  // Years and months on one scale so 半年 = 6个月; 日 and 天 are both calendar days.
  if (unit === "年") return `limit:${value * 12}:month`;
  if (unit === "个月" || unit === "月") return `limit:${value}:month`;
  if (unit === "日" || unit === "天") return `limit:${value}:day`;
  if (unit === "周" || unit === "星期") return `limit:${value * 7}:day`;
  return `limit:${value}:${unit}`;
}

/** Every date, time limit, percentage and fraction in the text (grouped by kind). */
export function extractFacts(raw: string): FactPhrase[] {
  let s = normalize(raw);
  const out: FactPhrase[] = [];
  // Dates first, blanked out afterwards, so "10月15日" is not also read as a 15-day limit.
  s = s.replace(DATE, (m, y, mo, d, part, yOnly, yPart) => {
    if (yOnly !== undefined) {
      const year = parseNumber(yOnly);
      out.push({ text: m, key: `year:${year}:${DAY_PART[yPart] ?? ""}`, kind: "year", year });
      return " ".repeat(m.length);
    }
    const month = parseNumber(mo);
    if (!(month >= 1 && month <= 12)) return m;
    const day = d !== undefined ? String(parseNumber(d)) : part ? DAY_PART[part] : "";
    const loose = `date:${month}:${day}`;
    const year = y !== undefined ? parseNumber(y) : undefined;
    out.push({ text: m, key: year !== undefined ? `${loose}:${year}` : loose, looseKey: loose, kind: "date", year });
    return " ".repeat(m.length);
  });
  s = s.replace(PERCENT, (m, a, b) => {
    out.push({ text: m, key: `percent:${parseNumber(a ?? b)}`, kind: "percent" });
    return " ".repeat(m.length);
  });
  s = s.replace(FRACTION, (m, den, num) => {
    out.push({ text: m, key: `fraction:${parseNumber(num)}/${parseNumber(den)}`, kind: "fraction" });
    return " ".repeat(m.length);
  });
  // "3-5个工作日", "三到五天": both ends are limits the text states, the lower one included.
  s = s.replace(RANGE, (m, lo, hi, _ge, half, unit) => {
    for (const n of [lo, hi]) {
      let value = parseNumber(n);
      if (Number.isNaN(value)) continue;
      if (half) value += 0.5;
      out.push({ text: m, key: limitKey(value, unit), kind: "limit" });
    }
    return " ".repeat(m.length);
  });
  for (const m of s.matchAll(LIMIT)) {
    const [text, n, , half, unit] = m;
    // "个月" after a numeral is a duration; a bare "N月" was a calendar month and was taken above.
    let value = parseNumber(n);
    if (Number.isNaN(value)) continue;
    if (half) value += 0.5; // 一个半月
    out.push({ text, key: limitKey(value, unit), kind: "limit" });
  }
  return out;
}

/**
 * The phrases in `answer` stating a time limit, date, percentage or fraction that none of the passages
 * states. An empty list means every such fact is backed by the passages.
 */
export function unsupportedFacts(answer: string, passages: Passage[]): string[] {
  const source = passages.map((p) => `${p.title}\n${p.section}\n${p.text}`).join("\n");
  const sourceFacts = extractFacts(source);
  const keys = new Set(sourceFacts.map((f) => f.key));
  const looseKeys = new Set(sourceFacts.flatMap((f) => (f.looseKey ? [f.looseKey] : [])));
  const sourceText = normalize(source);
  const years = new Set<number>(sourceFacts.flatMap((f) => (f.year !== undefined ? [f.year] : [])));
  for (const m of sourceText.matchAll(/(?<!\d)(19|20)\d{2}(?!\d)/g)) years.add(Number(m[0]));

  const bad: string[] = [];
  for (const f of extractFacts(answer)) {
    // Keys, not substrings: "15个工作日" must not vouch for "5个工作日".
    if (keys.has(f.key)) continue;
    // A month without a year matches any year; a stated year must be one the passages (or titles) carry.
    if (f.kind === "date" && looseKeys.has(f.looseKey!) && (f.year === undefined || years.has(f.year))) continue;
    if (f.kind === "year" && years.has(f.year!) && f.key.endsWith(":")) continue;
    if (!bad.includes(f.text)) bad.push(f.text);
  }
  return bad;
}

/**
 * The time limits the model states when none of them is one the extractive answer gives. One measure often
 * holds several limits (3 working days without external works, 5 for their approval): a model that swaps
 * in the neighbouring clause's number is backed by the passages yet answers another question.
 */
export function missedLimits(answer: string, extract: string): string[] {
  const wanted = new Set(extractFacts(extract).filter((f) => f.kind === "limit").map((f) => f.key));
  if (!wanted.size) return [];
  const said = extractFacts(answer).filter((f) => f.kind === "limit");
  if (!said.length || said.some((f) => wanted.has(f.key))) return [];
  return [...new Set(said.map((f) => f.text))];
}

const LEAK_WINDOW = 12;
const stripForLeak = (s: string) => normalize(s).replace(/[\p{P}\p{S}]/gu, "");

// Every window of the prompt a real answer would never contain; the refusal phrase is meant to be said.
const leakWindows: string[] = (() => {
  const allowed = stripForLeak(`${NOT_IN_KB}相关规定，并建议咨询主管部门`);
  const windows = new Set<string>();
  for (const line of SYSTEM_PROMPT.split("\n")) {
    const t = stripForLeak(line);
    for (let i = 0; i + LEAK_WINDOW <= t.length; i++) {
      const w = t.slice(i, i + LEAK_WINDOW);
      if (!allowed.includes(w)) windows.add(w);
    }
  }
  return [...windows];
})();

/** True when the answer echoes the system prompt (any 12-character run of it) or its fence markers. */
export function leaksPrompt(answer: string): boolean {
  const n = normalize(answer);
  if ([QUESTION_OPEN, QUESTION_CLOSE, PASSAGES_OPEN, PASSAGES_CLOSE].some((f) => n.includes(normalize(f)))) return true;
  const t = stripForLeak(answer);
  return leakWindows.some((w) => t.includes(w));
}
