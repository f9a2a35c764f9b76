// The ask side of the knowledge base: one understood question → answer, suggest or refuse, from one
// captured version. Service guides answer what they are for; a plan's parts answer a question about its stages;
// otherwise the retrieval's confidence decides (search/confidence.ts).
import type { Understanding } from "../core/understanding.ts";
import type { Logger } from "../core/log.ts";
import type { Hit, Measure, ParsedDocument } from "./types.ts";
import type { Guide } from "./guides/schema.ts";
import type { LexicalIndex } from "./search/index.ts";
import type { VectorIndex } from "./search/vectors.ts";
import { composeAnswer, factNotStated, notStatedAnswer, refusalAnswer, withHints, type Answer, type RefusalKind } from "./answer/extractive.ts";
import { guideAnswer, guideElementsAsked, matchGuide } from "./answer/guide.ts";
import { outlineAnswer } from "./answer/outline.ts";
import { perPlaceAnswer } from "./answer/per-place.ts";
import { suggestAnswer, type Suggestion } from "./answer/suggest.ts";
import { confidenceOf } from "./search/confidence.ts";
import { reciprocalRankFusion, type LexicalResult } from "./search/index.ts";
import { LEXICON } from "../language/index.ts";

export type AskOutcome = "answer" | "suggest" | "refuse";

/** What answering needs of a serving knowledge-base version (service.ts KnowledgeBase has it all). */
export interface KnowledgeBase {
  version: string;
  docs: ParsedDocument[];
  measures: Measure[];
  guides: Guide[];
  index: LexicalIndex;
  vectors: VectorIndex | null;
}

export interface AskResult extends Answer {
  /** The knowledge-base version that answered. */
  version: string;
  outcome: AskOutcome;
  /** 0..1: ≥ 0.6 answered, 0.3–0.6 suggested, below refused. */
  confidence: number;
  /** Measure ids cited or offered. */
  offered: string[];
  /** For "suggest": the options in the order shown. */
  options?: Suggestion[];
  refusal?: RefusalKind;
  /** The retrieval's top hits (for the conversation's topic and for clarification). */
  hits?: Hit[];
}

function result(kb: KnowledgeBase, a: Answer, outcome: AskOutcome, confidence: number, extra: Partial<AskResult> = {}): AskResult {
  const offered = [...new Set(a.citations.flatMap((c) => (c.measureId ? [c.measureId] : [])))];
  return { ...a, version: kb.version, outcome, confidence: Math.round(confidence * 1000) / 1000, offered, ...extra };
}

/** Which refusal fits: a private matter, a topic the corpus never mentions, or plainly not found. */
function refusalKind(u: Understanding, r: LexicalResult | null): Exclude<RefusalKind, "not_stated"> {
  if (LEXICON.meta.entries.some((e) => e.role === "personal" && e.match(u.text) !== null)) return "personal";
  if (r && r.unknownShare >= 0.3 && r.unknownTerms.some(r.isNoun)) return "foreign";
  return "not_found";
}

async function retrieve(kb: KnowledgeBase, u: Understanding, log: Logger): Promise<LexicalResult> {
  const q = u.query;
  let r = kb.index.search(q, { k: kb.vectors ? 20 : 6, expansions: u.expansions, synonyms: u.synonyms, aspects: u.asked });
  if (kb.vectors) {
    const vec = await kb.vectors.search(q, 20).catch((err) => {
      log.warn({ err }, "vector search failed; lexical only");
      return [];
    });
    if (vec.length) {
      const fused = reciprocalRankFusion([r.hits.map((h) => h.measure.id), vec.map((v) => v.id)]);
      r = kb.index.reorder(r, [...fused.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id));
    }
  }
  return r;
}

export async function askKnowledge(kb: KnowledgeBase, u: Understanding, log: Logger): Promise<AskResult> {
  const q = u.query.trim();
  if (!q) return result(kb, refusalAnswer("empty"), "refuse", 0, { refusal: "empty" });
  if (u.intent === "meta") return result(kb, refusalAnswer("meta"), "refuse", 0, { refusal: "meta" });
  const guide = matchGuide(q, kb.guides);
  const asked = guide ? guideElementsAsked(q) : [];
  if (guide && asked.length) {
    const a = guideAnswer(guide, asked, kb.measures);
    return result(kb, a, a.grounded ? "answer" : "refuse", a.grounded ? 0.9 : 0.2);
  }
  const r = await retrieve(kb, u, log);
  const conf = confidenceOf(r, q);
  const idf = (w: string) => kb.index.idf(w);
  if (conf.band === "refuse") {
    const kind = refusalKind(u, r);
    return result(kb, refusalAnswer(kind, r.unknownTerms.filter(r.isNoun)), "refuse", conf.value, { refusal: kind });
  }
  if (conf.band === "suggest") {
    // Neighbours the corpus relates to the question's words widen what is offered.
    const hints = [...new Set(r.queryWords.flatMap((w) => kb.index.vocabulary.related(w)))].slice(0, 8);
    const wide = hints.length ? kb.index.search(q, { k: 6, expansions: u.expansions, synonyms: u.synonyms, aspects: u.asked, hints }) : r;
    const merged = mergeHits(r.hits, wide.hits);
    const s = suggestAnswer(q, merged, r.aspects, idf);
    return result(kb, s, "suggest", conf.value, { options: s.options, hits: merged });
  }
  const top = r.hits[0].measure;
  const outline = outlineAnswer(q, top, kb.docs.find((d) => d.meta.id === top.docId)?.measures ?? [], idf);
  if (outline) return result(kb, outline, "answer", conf.value, { hits: r.hits });
  // Sentences are chosen by the question's words and the official terms they stand for.
  const topical = withHints(q, u.expansions);
  if (factNotStated(top, topical, r.aspects, idf)) return result(kb, notStatedAnswer(top, r.aspects), "refuse", Math.min(conf.value, 0.5), { refusal: "not_stated", hits: r.hits });
  // Several places answer a place-less question differently: each place's rule with its source.
  const places = perPlaceAnswer(topical, r.hits, r.aspects, kb.docs.map((d) => d.meta), idf);
  if (places) return result(kb, places, "answer", conf.value, { hits: r.hits });
  return result(kb, composeAnswer(topical, r.hits, r.aspects, idf), "answer", conf.value, { hits: r.hits });
}

function mergeHits(a: Hit[], b: Hit[]): Hit[] {
  const out = [...a];
  for (const h of b) if (!out.some((x) => x.measure.id === h.measure.id)) out.push(h);
  return out.sort((x, y) => y.score - x.score);
}

/** The answer from one chosen measure (a suggestion picked by number, a kept topic). */
export function answerFromMeasure(kb: KnowledgeBase, measureId: string, u: Understanding): AskResult | null {
  const m = kb.measures.find((x) => x.id === measureId);
  if (!m) return null;
  const idf = (w: string) => kb.index.idf(w);
  const hit: Hit = { measure: m, score: 1 };
  return result(kb, composeAnswer(u.query, [hit], u.asked, idf), "answer", 0.8, { hits: [hit] });
}
