// Which facts of a measure answer each question aspect: the one map from aspect to fact kind.
import type { Measure } from "../types.ts";
import type { Aspect } from "./query.ts";

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
      return f.deadlines.map((x) => x.text);
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

/** Whether the measure states anything for aspect `a`. */
export function hasAspect(m: Measure, a: Aspect): boolean {
  return a === "units" ? unitNames(m).length > 0 : aspectPhrases(m, a).length > 0;
}
