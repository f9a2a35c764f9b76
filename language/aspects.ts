// What a question asks for (language/tables/asked.json): time limit, date, responsible unit, target,
// material, condition, fee, place, frequency. The aspect steers ranking (prefer measures holding that
// kind of fact) and decides which fact the answer states first.
import type { Aspect } from "../core/understanding.ts";
import { LEXICON } from "./lexicon/index.ts";

const ID_TO_ASPECT: Record<string, Aspect> = {
  "time-limit": "timeLimit",
  date: "date",
  units: "units",
  target: "target",
  material: "material",
  condition: "condition",
  fee: "fee",
  place: "place",
  procedure: "procedure",
  frequency: "frequency",
};

export function detectAspects(question: string): Aspect[] {
  const out: Aspect[] = [];
  for (const { entry } of LEXICON.asked.matchAll(question)) {
    const a = ID_TO_ASPECT[entry.id];
    if (a && !out.includes(a)) out.push(a);
  }
  // "how long … once" asks how often, not how long; "how much money" asks a fee, not a target.
  let res = out;
  if (res.includes("frequency")) res = res.filter((a) => a !== "timeLimit");
  if (res.includes("fee")) res = res.filter((a) => a !== "target");
  return res.length ? res : ["general"];
}

/** Whether a policy text states what a fee/place/condition question asks (no fact is extracted for those). */
export function textAnswers(aspect: Aspect, text: string): boolean {
  const id = Object.entries(ID_TO_ASPECT).find(([, a]) => a === aspect)?.[0];
  const e = id ? LEXICON.asked.byId.get(id) : undefined;
  return e ? e.evidenced(text) : false;
}

const role = (r: string) => LEXICON.question.entries.filter((e) => e.role === r);

/** A question asking for a set of things (哪几项, 包括哪些): the answer quotes the whole list. */
export function isListQuestion(question: string): boolean {
  return role("list").some((e) => e.match(question) !== null);
}

/** A question about a plan's parts (分几个阶段, 有哪些保障措施). */
export function asksParts(question: string): boolean {
  return role("parts").some((e) => e.match(question) !== null);
}

/** A yes/no question (要不要, 是否): asks whether a rule exists, not for a value. */
export function isYesNo(question: string): boolean {
  return role("yes-no").some((e) => e.match(question) !== null);
}

/** The whole service guide is asked for (办事指南). */
export function asksGuide(question: string): boolean {
  return LEXICON.asked.byId.get("service-guide")!.match(question) !== null;
}

/** The question without the words that only say what kind of fact is asked (时限, 工作日…). */
export function stripAsked(question: string): string {
  let out = question;
  for (const e of LEXICON.asked.entries)
    for (const p of e.patterns ?? []) out = out.replace(new RegExp(p, "g"), " ");
  return out;
}
