// Lexical retrieval over measures: BM25 on jieba words + BM25 on character bigrams, an aspect
// boost, and an IDF-weighted coverage score that decides "the knowledge base does not answer this".
import type { DocumentMeta, Hit, Measure } from "../types.ts";
import { Bm25 } from "./bm25.ts";
import { bigramCodes, keep, nounish, preciseWords, rawSearchTokens, words } from "./tokenize.ts";
import { detectAspects, expandQuery, type Aspect } from "./query.ts";
import { hasAspect } from "./aspects.ts";
import { PlaceIndex } from "./places.ts";

export interface WordTokenizer {
  /** Words for indexing and matching (may include overlapping sub-words). */
  index(text: string): string[];
  /** One token per word, for counting what a question asks. */
  precise(text: string): string[];
}

export const JIEBA: WordTokenizer = { index: words, precise: preciseWords };

export interface SearchOptions {
  k?: number;
}

export interface LexicalResult {
  hits: Hit[];
  aspects: Aspect[];
  /** Share of the question's IDF mass found in the top measure (0..1). */
  coverage: number;
  /** Query terms the knowledge base has never seen (e.g. 护照, 天气). */
  unknownTerms: string[];
  /** Share of the question's IDF mass carried by words the corpus has never seen. */
  unknownShare: number;
  /** The top score per unit of the question's IDF mass: how strongly the best measure matches. */
  strength: number;
  /** The question's content words (after synonym expansion), for re-scoring coverage after fusion. */
  queryWords: string[];
  /** Whether a query word is noun-like (weighs full when unknown to the corpus). */
  isNoun: (w: string) => boolean;
}

const GRAM_WEIGHT = 0.4;
const HEAD_WEIGHT = 0.5;
/** Measures of the document a question names by place ("郾城…"). */
const PLACE_BOOST = 1.6;
const ASPECT_BOOST = 0.35;
/** A term in at most this share of measures (or RARE_MIN_DF of them) is scored everywhere. */
const RARE_DF_SHARE = 0.05;
const RARE_MIN_DF = 64;
/** How many documents, ranked by their rare terms, get the common terms added. */
const CANDIDATES = 300;
/** Weight of a noun the corpus knows but the top measure lacks (an unknown noun weighs 1). */
const KNOWN_NOUN_MISSING = 0.75;

export class LexicalIndex {
  private readonly wordIdx = new Bm25();
  private readonly gramIdx = new Bm25();
  // Headings get their own field: a question naming a section ("集中整治阶段") should find its items.
  private readonly headIdx = new Bm25();
  private places: PlaceIndex | null = null;
  // Token sets are rebuilt on demand for the few measures whose coverage is asked, not kept for all.
  private readonly setCache = new Map<number, { words: Set<string>; grams: Set<number> }>();
  private readonly position = new Map<string, number>();
  private scratch: Float64Array | undefined;
  /** Curated wording indexed with a measure (knowledge/curated.ts), by measure id. */
  private extra: ReadonlyMap<string, string> = new Map();

  private constructor(
    readonly measures: Measure[],
    private readonly tok: WordTokenizer,
  ) {}

  /** `tokenizer` exists for the bench's segmenter comparison; the product uses jieba. */
  static build(measures: Measure[], tokenizer: WordTokenizer = JIEBA, docs: Pick<DocumentMeta, "id" | "region" | "title">[] = [], extra?: ReadonlyMap<string, string>): LexicalIndex {
    const ix = new LexicalIndex(measures, tokenizer);
    if (extra) ix.extra = extra;
    ix.places = docs.length > 1 ? new PlaceIndex(docs) : null;
    measures.forEach((m, i) => ix.position.set(m.id, i));
    // Each distinct raw token is filtered and interned once: one hash per token for the whole build.
    const interned = new Map<string, number>();
    const headCache = new Map<string, string[]>();
    for (const m of measures) {
      // The heading path carries the topic for short items ("(一)在干部作风方面 > 量化指标 > 4").
      const text = ix.indexedText(m);
      if (tokenizer === JIEBA) {
        const ids: number[] = [];
        for (const raw of rawSearchTokens(text)) {
          let tid = interned.get(raw);
          if (tid === undefined) {
            const k = keep(raw);
            tid = k === null ? -1 : ix.wordIdx.intern(k);
            interned.set(raw, tid);
          }
          if (tid >= 0) ids.push(tid);
        }
        ix.wordIdx.addIds(ids);
      } else ix.wordIdx.add(ix.tok.index(text));
      ix.gramIdx.add(bigramCodes(text));
      // Many measures share one heading path: tokenize each path once.
      const headPath = m.path.slice(0, -1).join(" ");
      let pathWords = headCache.get(headPath);
      if (!pathWords) headCache.set(headPath, (pathWords = ix.tok.index(headPath)));
      ix.headIdx.add(m.title ? [...pathWords, ...ix.tok.index(m.title)] : pathWords);
    }
    ix.wordIdx.seal();
    ix.gramIdx.seal();
    ix.headIdx.seal();
    return ix;
  }

  search(question: string, opts: SearchOptions = {}): LexicalResult {
    const k = opts.k ?? 5;
    const aspects = detectAspects(question);
    const expanded = expandQuery(question);
    const qWords = [...new Set(this.tok.index(expanded))];
    const qGrams = bigramCodes(expanded);
    const place = this.places?.match(question) ?? { keys: [], docs: new Set<string>() };
    const scores = (this.scratch ??= new Float64Array(this.measures.length));
    let touched: number[] = [];
    // Two phases keep a question's cost near its rare terms' postings on a large corpus: score the
    // rare terms everywhere, then add the common terms (企业, 服务, 营商…) only for the best candidates.
    const rareMax = Math.max(RARE_MIN_DF, Math.floor(this.measures.length * RARE_DF_SHARE));
    const rareW = qWords.filter((t) => this.wordIdx.df(t) <= rareMax);
    const rareG = qGrams.filter((t) => this.gramIdx.df(t) <= rareMax);
    const rareH = qWords.filter((t) => this.headIdx.df(t) <= rareMax);
    this.wordIdx.accumulate(rareW, 1, scores, touched);
    this.gramIdx.accumulate(rareG, GRAM_WEIGHT, scores, touched);
    this.headIdx.accumulate(rareH, HEAD_WEIGHT, scores, touched);
    const commonH = qWords.filter((t) => this.headIdx.df(t) > rareMax);
    const commonW = qWords.filter((t) => this.wordIdx.df(t) > rareMax);
    const commonG = [...new Set(qGrams.filter((t) => this.gramIdx.df(t) > rareMax))];
    if (!touched.length) {
      this.wordIdx.accumulate(commonW, 1, scores, touched);
      this.gramIdx.accumulate(commonG, GRAM_WEIGHT, scores, touched);
      this.headIdx.accumulate(commonH, HEAD_WEIGHT, scores, touched);
    } else if (commonW.length || commonG.length || commonH.length) {
      if (touched.length > CANDIDATES) {
        touched.sort((a, b) => scores[b] - scores[a]);
        for (const d of touched.slice(CANDIDATES)) scores[d] = 0;
        touched = touched.slice(0, CANDIDATES);
      }
      for (const d of touched) {
        for (const t of commonW) scores[d] += this.wordIdx.termScore(t, d);
        for (const t of commonG) scores[d] += this.gramIdx.termScore(t, d, GRAM_WEIGHT);
        for (const t of commonH) scores[d] += this.headIdx.termScore(t, d, HEAD_WEIGHT);
      }
    }
    // A user who names a place ("郾城的…") means that place's document, when it has anything to say.
    const restrict = place.docs.size > 0 && touched.some((d) => place.docs.has(this.measures[d].docId));
    // Top-k by insertion: k is small, the touched set can be large.
    const hits: Hit[] = [];
    for (const doc of touched) {
      const m = this.measures[doc];
      let s = scores[doc];
      scores[doc] = 0;
      if (aspects.some((a) => hasAspect(m, a))) s *= 1 + ASPECT_BOOST;
      if (restrict && !place.docs.has(m.docId)) continue;
      if (place.docs.has(m.docId)) s *= PLACE_BOOST;
      if (hits.length === k && s <= hits[k - 1].score) continue;
      let i = hits.length < k ? hits.length : k - 1;
      hits[i] = { measure: m, score: s };
      while (i > 0 && (hits[i - 1].score < s || (hits[i - 1].score === s && hits[i - 1].measure.id > m.id))) {
        hits[i] = hits[i - 1];
        hits[i - 1] = { measure: m, score: s };
        i--;
      }
    }
    // Coverage counts each asked word once (precise mode); ranking above used search-mode sub-words.
    const named = hits[0] && place.docs.has(hits[0].measure.docId) ? place.keys : [];
    // Coverage is of what the user wrote; an official term the expansion added counts only where the
    // top measure uses it (a hint that did not land must not make the question look foreign).
    const topText = hits[0]?.measure.text ?? "";
    const added = this.tok.precise(expanded.slice(question.length)).filter((w) => topText.includes(w));
    const cWords = [...new Set([...this.tok.precise(question), ...added])].filter((w) => !named.some((k) => k.includes(w)));
    // Numbers ("2024") are matched when present but never make a question foreign.
    const unknownTerms = cWords.filter((t) => t.length >= 2 && !/^[\d.%]+$/.test(t) && this.wordIdx.df(t) === 0 && !this.gramsKnown(t));
    const isNoun = nounish(expanded);
    const coverage = hits.length ? this.coverage(cWords, this.position.get(hits[0].measure.id) ?? -1, isNoun) : 0;
    const weight = (t: string) => this.wordIdx.idf(t) * (t.length === 1 ? 0.5 : 1);
    const all = cWords.reduce((a, t) => a + weight(t), 0);
    const foreign = unknownTerms.filter(isNoun);
    const unknownShare = all ? foreign.reduce((a, t) => a + weight(t), 0) / all : 0;
    const mass = cWords.reduce((a, t) => a + this.wordIdx.idf(t), 0);
    const strength = hits.length && mass ? hits[0].score / mass : 0;
    return { hits, aspects, coverage, unknownTerms, unknownShare, strength, queryWords: cWords, isNoun };
  }

  private indexedText(m: Measure): string {
    const more = this.extra.get(m.id);
    return `${m.path.slice(0, -1).join(" ")} ${m.text}${more ? ` ${more}` : ""}`;
  }

  /** A word jieba never produced from the corpus may still be there, segmented differently. */
  private gramsKnown(term: string): boolean {
    const g = bigramCodes(term);
    return g.length > 0 && g.every((x) => this.gramIdx.df(x) > 0);
  }

  /** Re-orders lexical hits by a fused ranking and recomputes coverage for the new top measure. */
  reorder(r: LexicalResult, order: string[]): LexicalResult {
    const byId = this.position;
    const lexScore = new Map(r.hits.map((h) => [h.measure.id, h.score]));
    const hits = order
      .filter((id) => byId.has(id))
      .map((id, rank) => ({ measure: this.measures[byId.get(id)!], score: lexScore.get(id) ?? (r.hits[0]?.score ?? 0) / (rank + 2) }));
    const top = hits[0] ? byId.get(hits[0].measure.id)! : -1;
    return { ...r, hits, coverage: this.coverage(r.queryWords, top, r.isNoun) };
  }

  /** IDF of a word in this knowledge base (unknown words get the highest). */
  idf(term: string): number {
    return this.wordIdx.idf(term);
  }

  /**
   * How much of the question the measure covers, IDF-weighted. A word the corpus knows but this
   * measure lacks is often a paraphrase ("建成" for "完成"), so it weighs half; a word the corpus
   * has never seen ("护照", "天气") names a topic the knowledge base does not hold, so it weighs full.
   */
  private sets(doc: number): { words: Set<string>; grams: Set<number> } {
    let s = this.setCache.get(doc);
    if (!s) {
      const text = this.indexedText(this.measures[doc]);
      s = { words: new Set(this.tok.index(text)), grams: new Set(bigramCodes(text)) };
      if (this.setCache.size > 512) this.setCache.delete(this.setCache.keys().next().value as number);
      this.setCache.set(doc, s);
    }
    return s;
  }

  coverage(qWords: string[], doc: number, isNoun: (w: string) => boolean = () => true): number {
    if (doc < 0 || !qWords.length) return 0;
    const sets = this.sets(doc);
    let total = 0;
    let found = 0;
    for (const t of qWords) {
      const w = this.wordIdx.idf(t) * (t.length === 1 ? 0.5 : 1);
      if (sets.words.has(t)) {
        found += w;
        total += w;
        continue;
      }
      const g = bigramCodes(t);
      if (g.length && g.every((x) => sets.grams.has(x))) {
        found += w * 0.9;
        total += w;
      } else if (!isNoun(t)) total += w * 0.5;
      else total += this.wordIdx.df(t) > 0 || this.gramsKnown(t) ? w * KNOWN_NOUN_MISSING : w;
    }
    return total ? found / total : 0;
  }
}

/** Reciprocal rank fusion: robust to the two rankers' incomparable score scales. */
export function reciprocalRankFusion(lists: string[][], k = 60): Map<string, number> {
  const out = new Map<string, number>();
  for (const list of lists) list.forEach((id, rank) => out.set(id, (out.get(id) ?? 0) + 1 / (k + rank + 1)));
  return out;
}
