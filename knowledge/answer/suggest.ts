// "您是不是想问": when the closest measures do not answer the question well enough to quote as an
// answer, they are offered — each with its item and a short quote — and the user picks one by number
// or rephrases. Nothing is stated as an answer, so no time limit appears outside its quote.
import type { Hit, Measure } from "../types.ts";
import type { Aspect } from "../search/query.ts";
import { bestSentences, citationOf, HOTLINE_HINT, type Answer } from "./extractive.ts";

export interface Suggestion {
  measureId: string;
  label: string;
}

const QUOTE_MAX = 36;

/** A short quote of the sentence closest to the question, cut at a clause boundary. */
function shortQuote(m: Measure, question: string, aspects: Aspect[], idf: (w: string) => number): string {
  const s = bestSentences(m, question, aspects, 1, idf)[0] ?? m.text;
  if (s.length <= QUOTE_MAX) return s;
  const cut = s.slice(0, QUOTE_MAX);
  const at = Math.max(cut.lastIndexOf(","), cut.lastIndexOf("，"), cut.lastIndexOf("、"));
  return `${at > 12 ? cut.slice(0, at) : cut}…`;
}

export function itemLabel(m: Measure): string {
  const name = m.title ? ` ${m.title}` : "";
  return `《${m.docTitle}》${m.path.at(-1) ?? ""}${name}`;
}

/** Up to three distinct measures, the strongest first. */
export function pickSuggestions(hits: Hit[], max = 3): Hit[] {
  const out: Hit[] = [];
  for (const h of hits) {
    if (out.some((o) => o.measure.id === h.measure.id)) continue;
    if (out.length && h.score < out[0].score * 0.35) break;
    out.push(h);
    if (out.length === max) break;
  }
  return out;
}

export function suggestAnswer(question: string, hits: Hit[], aspects: Aspect[], idf: (w: string) => number): Answer & { options: Suggestion[] } {
  const picked = pickSuggestions(hits);
  const lines = ["没有找到完全对应的规定，您是不是想问："];
  const options: Suggestion[] = [];
  picked.forEach((h, i) => {
    const label = itemLabel(h.measure);
    lines.push(`${i + 1}. ${label}：“${shortQuote(h.measure, question, aspects, idf)}”`);
    options.push({ measureId: h.measure.id, label });
  });
  lines.push(`回复序号（如“1”）查看该条规定，或换个说法再问。${HOTLINE_HINT}`);
  return { text: lines.join("\n"), grounded: false, citations: picked.map((h) => citationOf(h.measure)), options };
}
