// Question text folded for grouping and matching: the same question typed on a phone with
// full-width characters, traditional punctuation, spaces or a trailing "？" is one question.
import { foldWidth } from "../core/text.ts";

const NOISE = /[\s\p{P}\p{S}]+/gu;

export function normQuestion(text: string): string {
  return foldWidth(text).toLowerCase().replace(NOISE, "");
}

/** Character bigrams of a folded text (single characters for one-character texts). */
export function bigramSet(norm: string): Set<string> {
  const out = new Set<string>();
  if (norm.length === 1) out.add(norm);
  for (let i = 0; i + 1 < norm.length; i++) out.add(norm.slice(i, i + 2));
  return out;
}

/** Dice similarity of two bigram sets, 0..1. */
export function dice(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  for (const g of small) if (big.has(g)) shared++;
  return (2 * shared) / (a.size + b.size);
}
