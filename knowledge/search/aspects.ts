// Which facts of a measure answer each question aspect: the one map from aspect to fact kind.
import type { Measure } from "../types.ts";
import type { Aspect } from "./query.ts";
import { textAnswers } from "../../language/index.ts";

/**
 * The phrases of a measure's facts that answer aspect `a`, as they stand in the text. Units are
 * names, not phrases of the sentence that states them, so they are listed separately (unitNames).
 */
export function aspectPhrases(m: Measure, a: Aspect): string[] {
  const f = m.facts;
  switch (a) {
    case "timeLimit":
      return f.timeLimits.map((x) => x.text);
    case "date":
      // "When?" is answered by a recurring time too (每月…, 每季度…).
      return [...f.deadlines.map((x) => x.text), ...f.recurring.map((x) => x.text)];
    case "target":
      return f.targets.map((x) => x.text);
    case "frequency":
      return f.recurring.map((x) => x.text);
    case "material":
      return f.requirements.map((x) => x.text);
    default:
      return [];
  }
}

export function unitNames(m: Measure): string[] {
  return [...m.facts.units.lead, ...m.facts.units.cooperating];
}

/** Aspects no fact is extracted for: the measure's text itself is read (免费, 窗口, 符合条件…). */
const TEXTUAL: Aspect[] = ["fee", "place", "condition", "procedure"];

/** Whether the measure states anything for aspect `a`. */
export function hasAspect(m: Measure, a: Aspect): boolean {
  if (a === "units") return unitNames(m).length > 0;
  if (TEXTUAL.includes(a)) return textAnswers(a, m.text) || (a === "condition" && m.facts.requirements.length > 0);
  return aspectPhrases(m, a).length > 0;
}
