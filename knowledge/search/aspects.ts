// Which kinds of fact a measure holds, per question aspect.
import type { Measure } from "../types.ts";
import type { Aspect } from "./query.ts";

export function hasAspect(m: Measure, a: Aspect): boolean {
  const f = m.facts;
  switch (a) {
    case "timeLimit":
      return f.timeLimits.length > 0;
    case "date":
      return f.deadlines.length > 0;
    case "units":
      return f.units.lead.length + f.units.cooperating.length > 0;
    case "target":
      return f.targets.length > 0;
    case "material":
      return f.requirements.length > 0;
    case "frequency":
      return f.recurring.length > 0;
    default:
      return false;
  }
}
