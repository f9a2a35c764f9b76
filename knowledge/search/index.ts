// Lexical retrieval over measures: BM25 on jieba words + BM25 on character bigrams, an aspect
// boost, and an IDF-weighted coverage score that decides "the knowledge base does not answer this".
import type { DocumentMeta, Hit, Measure } from "../types.ts";
import { Bm25 } from "./bm25.ts";
import { addUserWords, bigramCodes, dictionaryTokens, keep, nounish, preciseWords, rawPreciseTokens, rawSearchTokens, words } from "./tokenize.ts";
import { detectAspects, type Aspect } from "./query.ts";
import { hasAspect } from "./aspects.ts";
import { PlaceIndex } from "./places.ts";
import { corpusWords, RelatedTerms } from "./corpus-words.ts";
import { shippedThes, type CorpusVocabulary } from "../../language/index.ts";
import type { Synonym } from "../../core/understanding.ts";

export interface WordTokenizer {
  /** Words for indexing and matching (may include overlapping sub-words). */
  index(text: string): string[];
  /** One token per word, for counting what a question asks. */
  precise(text: string): string[];
}

export const JIEBA: WordTokenizer = { index: words, precise: preciseWords };

export interface SearchOptions {
  k?: number;
  /** Official terms the thesaurus adds (language/understand.ts); default: the shipped thesaurus. */
  expansions?: string[];
  /** The everyday words those stand for: one whose official term the top measure uses counts as found. */
  synonyms?: Synonym[];
  /** What is asked; default: read from the question. */
  aspects?: Aspect[];
  /** Extra terms at a low weight (related terms, when looking for neighbours to suggest). */
  hints?: string[];
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
  /** The everyday words of the question and their official terms (for re-scoring after fusion). */
  synonyms: Synonym[];
}

const GRAM_WEIGHT = 0.4;
/** Terms the user did not write (the thesaurus's official terms) rank, but less than their own words. */
const EXPANSION_WEIGHT = 0.6;
const HINT_WEIGHT = 0.25;
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
  private related: RelatedTerms = new RelatedTerms([]);
  private vocab: CorpusVocabulary | undefined;

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
    // The corpus's own names segment whole (行政审批局, 投服中心); which measures share them is mined
    // for related terms.
    const own = tokenizer === JIEBA ? corpusWords(measures) : new Set<string>();
    if (own.size) addUserWords(own);
    const perMeasure: Set<string>[] = [];
    // Each distinct raw token is filtered and interned once: one hash per token for the whole build.
    const interned = new Map<string, number>();
    const headCache = new Map<string, string[]>();
    for (const m of measures) {
      // The heading path carries the topic for short items ("(一)在干部作风方面 > 量化指标 > 4").
      const text = ix.indexedText(m);
      if (tokenizer === JIEBA) {
        const ids: number[] = [];
        let keys: Set<string> | undefined;
        for (const raw of rawSearchTokens(text)) {
          let tid = interned.get(raw);
          if (tid === undefined) {
            const k = keep(raw);
            tid = k === null ? -1 : ix.wordIdx.intern(k);
            interned.set(raw, tid);
          }
          if (tid >= 0) ids.push(tid);
          if (own.has(raw)) (keys ??= new Set()).add(raw);
        }
        ix.wordIdx.addIds(ids);
        if (keys) perMeasure.push(keys);
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
    ix.related = new RelatedTerms(perMeasure);
    return ix;
  }

  /** The corpus as the language layer sees it (language/vocabulary.ts). */
  get vocabulary(): CorpusVocabulary {
    this.vocab ??= {
      known: (t) => this.wordIdx.df(t) > 0 || this.gramsKnown(t),
      frequency: (t) => this.wordIdx.df(t),
      words: () => [...this.wordIdx.terms()].filter((t): t is string => typeof t === "string"),
      related: (t) => this.related.related(t),
      terms: (text) => this.precise(text),
      segment: (text) => (this.tok === JIEBA ? dictionaryTokens(text) : this.tok.precise(text)),
    };
    return this.vocab;
  }

  /**
   * Precise-mode words of a question, with its segmentation repaired against the corpus: a word the
   * corpus never uses is re-split together with its neighbours into words it does use when they cover
   * it all ("管/线路/由" → 管线, 路由), or reduced to its head when that is a corpus word
   * (an adverb on a known verb); a known modifier on an unknown head ("社保卡") stays unknown.
   */
  precise(text: string): string[] {
    if (this.tok !== JIEBA) return this.tok.precise(text);
    const toks = rawPreciseTokens(text);
    const known = (w: string) => w.length >= 2 && this.wordIdx.df(w) > 0;
    const out: string[] = [];
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i];
      if (t.length >= 2 && HAN_RUN.test(t) && !known(t) && !this.gramsKnown(t)) {
        const left = i > 0 && HAN_RUN.test(toks[i - 1]) ? toks[i - 1] : "";
        const right = i + 1 < toks.length && HAN_RUN.test(toks[i + 1]) ? toks[i + 1] : "";
        // Joined with its neighbours, the run splits into corpus words without a remainder: the
        // segmenter only cut at the wrong place ("管/线路/由" → 管线, 路由).
        const span = bestSplit(left + t + right, known);
        if (span && span.knownChars === left.length + t.length + right.length) {
          if (left && out[out.length - 1] === left) out.pop();
          out.push(...span.words);
          if (right) i++;
          continue;
        }
        // Its head (the last part) is a corpus word: a modifier on a known thing (an adverb on a known verb).
        // A known modifier on an unknown head ("社保卡") stays unknown: a card is not 社保.
        const own = bestSplit(t, known);
        const head = own?.words.at(-1) ?? "";
        if (own && head.length >= 2 && known(head) && own.knownChars * 2 >= t.length) {
          out.push(...own.words.filter((w) => w.length >= 2));
          continue;
        }
      }
      out.push(t);
    }
    const res: string[] = [];
    for (const w of out) {
      const k = keep(w);
      if (k !== null) res.push(k);
    }
    return res;
  }

  search(question: string, opts: SearchOptions = {}): LexicalResult {
    const k = opts.k ?? 5;
    const aspects = opts.aspects ?? detectAspects(question);
    const ex = opts.expansions ? null : shippedThes().expand(question);
    const extra = opts.expansions ?? ex!.terms;
    const synonyms = opts.synonyms ?? (ex ? ex.hits.map((h) => ({ term: h.term, official: h.official })) : []);
    const expanded = extra.length ? `${question} ${extra.join(" ")}` : question;
    const own = [...new Set([...this.tok.index(question), ...(this.tok === JIEBA ? this.precise(question) : [])])];
    const ownSet = new Set(own);
    const added = [...new Set(this.tok.index(extra.join(" ")))].filter((t) => !ownSet.has(t));
    const hinted = opts.hints?.length ? [...new Set(this.tok.index(opts.hints.join(" ")))].filter((t) => !ownSet.has(t) && !added.includes(t)) : [];
    const qGrams = bigramCodes(question);
    const ownGrams = new Set(qGrams);
    const addedGrams = bigramCodes(extra.join(" ")).filter((g) => !ownGrams.has(g));
    const place = this.places?.match(question) ?? { keys: [], docs: new Set<string>() };
    const scores = (this.scratch ??= new Float64Array(this.measures.length));
    let touched: number[] = [];
    // Two phases keep a question's cost near its rare terms' postings on a large corpus: score the
    // rare terms everywhere, then add the common terms (企业, 服务, 营商…) only for the best candidates.
    const rareMax = Math.max(RARE_MIN_DF, Math.floor(this.measures.length * RARE_DF_SHARE));
    type Group = { idx: Bm25; terms: (string | number)[]; factor: number };
    const groups: Group[] = [
      { idx: this.wordIdx, terms: own, factor: 1 },
      { idx: this.gramIdx, terms: qGrams, factor: GRAM_WEIGHT },
      { idx: this.headIdx, terms: own, factor: HEAD_WEIGHT },
      { idx: this.wordIdx, terms: added, factor: EXPANSION_WEIGHT },
      { idx: this.gramIdx, terms: addedGrams, factor: GRAM_WEIGHT * EXPANSION_WEIGHT },
      { idx: this.headIdx, terms: added, factor: HEAD_WEIGHT * EXPANSION_WEIGHT },
      { idx: this.wordIdx, terms: hinted, factor: HINT_WEIGHT },
    ];
    const common: Group[] = [];
    for (const g of groups) {
      const rare = g.terms.filter((t) => g.idx.df(t) <= rareMax);
      g.idx.accumulate(rare, g.factor, scores, touched);
      const rest = [...new Set(g.terms.filter((t) => g.idx.df(t) > rareMax))];
      if (rest.length) common.push({ ...g, terms: rest });
    }
    if (!touched.length) {
      for (const g of common) g.idx.accumulate(g.terms, g.factor, scores, touched);
    } else if (common.length) {
      if (touched.length > CANDIDATES) {
        touched.sort((a, b) => scores[b] - scores[a]);
        for (const d of touched.slice(CANDIDATES)) scores[d] = 0;
        touched = touched.slice(0, CANDIDATES);
      }
      for (const d of touched) for (const g of common) for (const t of g.terms) scores[d] += g.idx.termScore(t, d, g.factor);
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
    // Coverage is of what the user wrote. An everyday word whose official term the top measure uses
    // ("开公司" → 企业开办) counts as found there and is never foreign; an official term that did not
    // land changes nothing.
    const cWords = [...new Set(this.precise(question))].filter((w) => !named.some((k) => k.includes(w)));
    const covered = landedSynonyms(synonyms, hits[0]?.measure);
    // An everyday term whose official terms the corpus never uses (a service name the documents never use) names a service the
    // knowledge base does not hold: its words count as foreign nouns, whatever their part of speech.
    const absent = synonyms.filter((x) => !x.official.some((o) => this.precise(o).every((w) => this.wordIdx.df(w) > 0))).map((x) => x.term);
    const absentWord = (w: string) => absent.some((t) => t.includes(w) || w.includes(t));
    // Numbers ("2024") are matched when present but never make a question foreign.
    const unknownTerms = cWords.filter((t) => t.length >= 2 && !/^[\d.%]+$/.test(t) && ((this.wordIdx.df(t) === 0 && !this.gramsKnown(t) && !covered(t)) || absentWord(t)));
    const pos = nounish(expanded);
    const isNoun = (w: string) => absentWord(w) || pos(w);
    const coverage = hits.length ? this.coverage(cWords, this.position.get(hits[0].measure.id) ?? -1, isNoun, covered) : 0;
    const weight = (t: string) => this.wordIdx.idf(t) * (t.length === 1 ? 0.5 : 1);
    const all = cWords.reduce((a, t) => a + weight(t), 0);
    const foreign = unknownTerms.filter(isNoun);
    const unknownShare = all ? foreign.reduce((a, t) => a + weight(t), 0) / all : 0;
    const mass = cWords.reduce((a, t) => a + this.wordIdx.idf(t), 0);
    // Strength is the user's own words' match: what the thesaurus or hints added ranks, but must not
    // make a weak match look strong.
    let strength = 0;
    if (hits.length && mass) {
      const d = this.position.get(hits[0].measure.id)!;
      let ownRaw = 0;
      let allRaw = 0;
      for (const [i, g] of groups.entries()) {
        let sum = 0;
        for (const t of new Set(g.terms)) sum += g.idx.termScore(t, d, g.factor);
        allRaw += sum;
        if (i < 3) ownRaw += sum;
      }
      strength = (hits[0].score * (allRaw ? ownRaw / allRaw : 1)) / mass;
    }
    return { hits, aspects, coverage, unknownTerms, unknownShare, strength, queryWords: cWords, isNoun, synonyms };
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
    return { ...r, hits, coverage: this.coverage(r.queryWords, top, r.isNoun, landedSynonyms(r.synonyms, hits[0]?.measure)) };
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

  coverage(qWords: string[], doc: number, isNoun: (w: string) => boolean = () => true, covered: (w: string) => boolean = () => false): number {
    if (doc < 0 || !qWords.length) return 0;
    const sets = this.sets(doc);
    let total = 0;
    let found = 0;
    for (const t of qWords) {
      const w = this.wordIdx.idf(t) * (t.length === 1 ? 0.5 : 1);
      if (sets.words.has(t) || covered(t)) {
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

const HAN_RUN = /^[\u4e00-\u9fff]+$/;

/** The split of a run into corpus words and single characters that covers most characters with words. */
function bestSplit(run: string, known: (w: string) => boolean): { words: string[]; knownChars: number } | null {
  const n = run.length;
  if (n > 16) return null;
  // best[i]: the best split of run[0..i): known characters covered, then fewest pieces.
  const best: { k: number; pieces: number; prev: number }[] = [{ k: 0, pieces: 0, prev: -1 }];
  for (let i = 1; i <= n; i++) {
    let b = { k: best[i - 1].k, pieces: best[i - 1].pieces + 1, prev: i - 1 };
    for (let j = Math.max(0, i - 6); j <= i - 2; j++) {
      if (!known(run.slice(j, i))) continue;
      const c = { k: best[j].k + (i - j), pieces: best[j].pieces + 1, prev: j };
      if (c.k > b.k || (c.k === b.k && c.pieces < b.pieces)) b = c;
    }
    best[i] = b;
  }
  const words: string[] = [];
  for (let i = n; i > 0; i = best[i].prev) words.unshift(run.slice(best[i].prev, i));
  return { words, knownChars: best[n].k };
}

/** Words of the question that an everyday term stands for, when the measure uses one of its official terms. */
function landedSynonyms(synonyms: Synonym[], m: Measure | undefined): (w: string) => boolean {
  if (!m || !synonyms.length) return () => false;
  const text = `${m.path.join(" ")} ${m.text}`;
  const landed = synonyms.filter((s) => s.official.some((o) => text.includes(o))).map((s) => s.term);
  if (!landed.length) return () => false;
  return (w) => landed.some((t) => t.includes(w) || w.includes(t));
}

/** Reciprocal rank fusion: robust to the two rankers' incomparable score scales. */
export function reciprocalRankFusion(lists: string[][], k = 60): Map<string, number> {
  const out = new Map<string, number>();
  for (const list of lists) list.forEach((id, rank) => out.set(id, (out.get(id) ?? 0) + 1 / (k + rank + 1)));
  return out;
}
