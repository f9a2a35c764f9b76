// Processing-time limits: "1日办结", "不超过3个工作日", "15个工作日内完成", "压缩三分之一", "两年".

import type { LimitVerb, TimeLimitFact } from "../types.ts";
import { parseChineseNumber } from "../text/numerals.ts";
import { clauseAround, lastClauses, sentenceStart, trimPunct } from "./clause.ts";

const NUM = "(\\d+(?:\\.\\d+)?|[零一二两三四五六七八九十百]+半?|半)";
const DURATION = new RegExp(`${NUM}\\s*(个工作日|工作日|个小时|小时|个月|分钟|日|天|年)`, "g");
const FRACTION = /(压缩|缩短|压减|减少)了?([零一二两三四五六七八九十\d]+分之[零一二两三四五六七八九十\d]+)/g;

// Units that are durations whatever surrounds them; 日/天/年 also name dates and plans ("三年行动").
const ALWAYS_DURATION = new Set(["个工作日", "工作日", "个小时", "小时", "个月", "分钟"]);
const BEFORE_CUE = /(不超过|不得超过|不多于|未满|满|压缩到|压缩至|压缩为|缩短到|缩短至|缩短为|控制在|压减到|压减至)$/;
const AFTER_CUE = /^(内|以内|之内|办结|完成)/;

function unitOf(u: string): TimeLimitFact["unit"] {
  switch (u) {
    case "个工作日":
    case "工作日":
      return "工作日";
    case "个小时":
    case "小时":
      return "小时";
    default:
      return u as TimeLimitFact["unit"];
  }
}

function verbOf(before: string, after: string): LimitVerb {
  if (/^(内)?办结(?!率)/.test(after)) return "办结";
  if (/^(内|以内|之内)?完成/.test(after)) return "内完成";
  if (/(压缩|缩短|压减)(到|至|为)?$/.test(before)) return "压缩";
  if (/(不超过|不得超过|不多于)$/.test(before)) return "不超过";
  if (/^(内|以内|之内)/.test(after)) return "以内";
  return "其他";
}

function cleanSubject(s: string): string {
  let out = trimPunct(lastClauses(s, 2));
  out = out.replace(/(未满|原则上在|原则上|可在|不超过|不得超过|压缩到|压缩至|缩短到|缩短至|控制在|将|在|于|需|要)+$/, "");
  out = out.replace(/^(其中|对于|对|并|且|同时)[,，]?/, "");
  return trimPunct(out);
}

export function extractTimeLimits(text: string): TimeLimitFact[] {
  const found: { start: number; end: number; fact: Omit<TimeLimitFact, "subject"> }[] = [];
  for (const m of text.matchAll(DURATION)) {
    const start = m.index!;
    const end = start + m[0].length;
    const [, num, rawUnit] = m;
    const before = text.slice(Math.max(0, start - 6), start);
    const after = text.slice(end, end + 6);
    if (/每$/.test(before)) continue; // 每半年 is a cadence, not a limit
    if (rawUnit === "日" && /月$/.test(before)) continue; // 5月3日 is a date
    const value = parseChineseNumber(num);
    if (value === null || value <= 0) continue;
    if (rawUnit === "年" && value >= 1900) continue;
    if (!ALWAYS_DURATION.has(rawUnit) && !BEFORE_CUE.test(before) && !AFTER_CUE.test(after)) continue;
    const unit = unitOf(rawUnit);
    const verb = verbOf(before, after);
    const suffix = verb === "办结" ? /^内?办结/.exec(after)![0] : verb === "内完成" ? /^(内|以内|之内)?完成/.exec(after)![0] : verb === "以内" ? /^(内|以内|之内)/.exec(after)![0] : "";
    found.push({ start, end: end + suffix.length, fact: { value, unit, working: unit === "工作日", verb, text: m[0] + suffix } });
  }
  for (const m of text.matchAll(FRACTION)) {
    const value = parseChineseNumber(m[2]);
    if (value === null) continue;
    found.push({ start: m.index!, end: m.index! + m[0].length, fact: { value, unit: "fraction", working: false, verb: "压缩", text: m[0] } });
  }
  found.sort((a, b) => a.start - b.start);
  let prevEnd = 0;
  // "法定办结时限:20个工作日", "承诺时限为5个工作日": the label says which limit it is.
  const kindOf = (start: number): TimeLimitFact["kind"] => {
    const before = text.slice(Math.max(0, start - 10), start);
    const m = /(法定|承诺)[^,，。;:]{0,6}[:：为是]?$/.exec(before);
    return m ? (m[1] === "法定" ? "statutory" : "promised") : undefined;
  };
  return found.map(({ start, end, fact: raw }) => {
    const k = kindOf(start);
    const fact = k ? { ...raw, kind: k } : raw;
    const from = sentenceStart(text, start, prevEnd);
    prevEnd = end;
    const [a, b] = clauseAround(text, start, end);
    // Without a limiting verb ("设置1个月的试用期") the whole clause is what the number qualifies.
    if (fact.verb === "其他") return { ...fact, subject: trimPunct(text.slice(a, b)) };
    const before = cleanSubject(text.slice(from, start));
    return { ...fact, subject: before || trimPunct(text.slice(end, b)) };
  });
}
