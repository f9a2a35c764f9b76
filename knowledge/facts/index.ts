// extractFacts: everything a measure's text states as data (limits, deadlines, cadences, units,
// targets, requirements), so answers can quote numbers instead of paraphrasing them.

import type { Facts, Measure } from "../types.ts";
import { normalizeText } from "../../core/text.ts";
import { extractDeadlines, extractRecurring } from "./dates.ts";
import { extractRequirements } from "./requirements.ts";
import { extractTargets } from "./targets.ts";
import { extractTimeLimits } from "./timeLimits.ts";
import { extractUnits } from "./units.ts";

export interface FactContext {
  /** Year a deadline without a year belongs to (the document's year). */
  docYear?: number;
}

export function extractFacts(text: string, ctx: FactContext = {}): Facts {
  const t = normalizeText(text);
  return {
    timeLimits: extractTimeLimits(t),
    deadlines: extractDeadlines(t, ctx.docYear),
    recurring: extractRecurring(t),
    units: extractUnits(t),
    targets: extractTargets(t),
    requirements: extractRequirements(t),
  };
}

/** True when the facts hold anything beyond requirements (used to decide whether a preamble is a measure). */
export function hasFacts(f: Facts): boolean {
  return (
    f.timeLimits.length + f.deadlines.length + f.recurring.length + f.targets.length > 0 ||
    f.units.lead.length + f.units.cooperating.length > 0
  );
}

export { extractDeadlines, extractRecurring } from "./dates.ts";
export { extractTimeLimits } from "./timeLimits.ts";
export { extractTargets } from "./targets.ts";
export { extractUnits, extractLabeledUnits, extractInlineUnits, splitUnits } from "./units.ts";
export { extractRequirements } from "./requirements.ts";

export interface FactCounts {
  timeLimits: number;
  deadlines: number;
  recurring: number;
  units: number;
  targets: number;
  requirements: number;
}

/** How many facts of each kind the measures hold: for reload reports, `kb stats` and the console. */
export function countFacts(ms: Measure[]): FactCounts {
  const c = { timeLimits: 0, deadlines: 0, recurring: 0, units: 0, targets: 0, requirements: 0 };
  for (const m of ms) {
    c.timeLimits += m.facts.timeLimits.length;
    c.deadlines += m.facts.deadlines.length;
    c.recurring += m.facts.recurring.length;
    c.units += m.facts.units.lead.length + m.facts.units.cooperating.length;
    c.targets += m.facts.targets.length;
    c.requirements += m.facts.requirements.length;
  }
  return c;
}
