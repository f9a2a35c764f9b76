// Which curated answer (ZWB_KB_DIR/faq/, kind "answer") a message asks for: the same question after
// folding, or one close to it by character bigrams. Platform statements are found this way only;
// an answer citing a measure is also indexed with that measure, so retrieval finds the measure too.
import type { CuratedAnswer } from "../knowledge/curated.ts";
import { bigramSet, dice, normQuestion } from "./normalize.ts";

/** Dice similarity from which a message is taken to ask a curated question. */
export const FAQ_MATCH = 0.78;

const cache = new WeakMap<readonly CuratedAnswer[], { a: CuratedAnswer; norm: string; grams: Set<string> }[]>();

export function matchCuratedAnswer(text: string, answers: readonly CuratedAnswer[]): { answer: CuratedAnswer; similarity: number } | null {
  if (!answers.length) return null;
  let prepared = cache.get(answers);
  if (!prepared) cache.set(answers, (prepared = answers.flatMap((a) => a.questions.map((q) => ({ a, norm: normQuestion(q), grams: bigramSet(normQuestion(q)) })))));
  const norm = normQuestion(text);
  if (!norm) return null;
  const grams = bigramSet(norm);
  let best: { answer: CuratedAnswer; similarity: number } | null = null;
  for (const p of prepared) {
    const s = p.norm === norm ? 1 : dice(grams, p.grams);
    if (s >= FAQ_MATCH && (!best || s > best.similarity)) best = { answer: p.a, similarity: s };
  }
  return best;
}
