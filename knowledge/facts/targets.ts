// Percentage targets: "网上可办率达到95%以上", "年度差评整改率达到100%", "投诉同比下降50%".

import type { TargetFact } from "../types.ts";
import { clauseAround, trimPunct } from "./clause.ts";

const PERCENT = /(\d+(?:\.\d+)?)%(以上|以下|左右)?/g;
const LEAD_IN = /(应当达到|应达到|要达到|必须达到|达到|达|不低于|不少于|不高于|不超过|提高到|提升到|为|至)+$/;

export function extractTargets(text: string): TargetFact[] {
  const out: TargetFact[] = [];
  let prevEnd = 0;
  for (const m of text.matchAll(PERCENT)) {
    const start = m.index!;
    const end = start + m[0].length;
    const [a, b] = clauseAround(text, start, end);
    let subject = trimPunct(text.slice(Math.max(a, prevEnd), start))
      .replace(LEAD_IN, "")
      .replace(/^(实现|确保|使|其中|且)/, "");
    subject = trimPunct(subject);
    // "实现80%的审批事项网上办": the subject follows the number.
    if (subject.length < 2) subject = trimPunct(text.slice(end, b).replace(/^的/, ""));
    out.push({ text: m[0], value: Number(m[1]), subject });
    prevEnd = end;
  }
  return out;
}
