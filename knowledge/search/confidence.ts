// One calibrated confidence that a retrieval answers the question, and the three outcomes it splits
// into: answer (quote and cite the measure), suggest (offer the closest measures: "您是不是想问"),
// refuse (nothing related in the knowledge base). The features are the ones the retrieval computes
// (threshold.ts): how much of the question the top measure covers (IDF-weighted), how strongly it
// matches per unit of the question's weight, and how much of the question's weight sits in nouns the
// corpus has never seen.
import type { LexicalResult } from "./index.ts";
import { decideInScope, MIN_SCORE, quotedTerms, SOFT_UNKNOWN_SHARE } from "./threshold.ts";

export type Band = "answer" | "suggest" | "refuse";

/** At or above: answer. The answer line is decideInScope's (calibrated on the question sets). */
export const ANSWER_AT = 0.6;
/** At or above (below ANSWER_AT): suggest the closest measures. */
export const SUGGEST_AT = 0.3;

export interface Confidence {
  value: number;
  band: Band;
}

const clamp = (x: number) => Math.max(0, Math.min(1, x));

/**
 * Within each band the value grows with coverage and strength, so a log of confidences sorts
 * questions by how well they were answered: 0.6–1 answered, 0.3–0.6 suggested, below refused.
 */
export function confidenceOf(r: LexicalResult, question: string): Confidence {
  if (!r.hits.length) return { value: 0, band: "refuse" };
  const top = r.hits[0];
  // How well the evidence fits, before the line is drawn: coverage, helped by a strong match, hurt by foreign nouns.
  const fit = clamp(0.7 * r.coverage + 0.3 * clamp(r.strength / 2) - r.unknownShare);
  if (decideInScope(r, question)) return { value: ANSWER_AT + (1 - ANSWER_AT) * fit, band: "answer" };
  const quoted = quotedTerms(question);
  const foreignQuote = quoted.length > 0 && !quoted.some((t) => r.hits.some((h) => h.measure.text.includes(t)));
  // Related enough to offer: a real match, not a topic the corpus has never heard of.
  const related = top.score >= MIN_SCORE * 0.75 && r.unknownShare < SOFT_UNKNOWN_SHARE && !foreignQuote && (r.coverage >= 0.3 || r.strength >= 0.9);
  if (related) return { value: SUGGEST_AT + (ANSWER_AT - SUGGEST_AT) * fit, band: "suggest" };
  return { value: SUGGEST_AT * fit, band: "refuse" };
}
