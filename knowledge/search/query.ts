// What a question asks for and which official terms its everyday words stand for — both read by the
// language layer from its data (language/tables/asked.json, config/thesaurus.json); this file is the
// knowledge side's view of them for callers that pass a bare question string.
import type { Aspect } from "../../core/understanding.ts";
import { detectAspects as readAspects, LEXICON, readMessage, shippedThes } from "../../language/index.ts";

export type { Aspect };

export function detectAspects(question: string): Aspect[] {
  return readAspects(readMessage(question));
}

/** The question with the official terms of its everyday words appended (开公司 → 企业开办). */
export function expandQuery(question: string): string {
  const extra = shippedThes().expand(question).terms;
  return extra.length ? `${question} ${extra.join(" ")}` : question;
}

/** A request for the bot's instructions, or to change them (language/tables/meta.json). */
export function isMetaRequest(text: string): boolean {
  return LEXICON.meta.entries.some((e) => e.role === "meta" && e.match(readMessage(text)) !== null);
}
