// Okapi BM25 over pre-tokenized documents. Terms are interned; postings are flat typed arrays with
// the length-normalised tf weight precomputed, so a query is a few multiply-adds per matching
// posting into a dense score array: cost grows with matches, not with corpus size.

/** Terms in more than this share of documents are skipped when scoring (still counted elsewhere). */
export const MAX_DF_SHARE = 0.5;

export interface Bm25Options {
  k1?: number;
  b?: number;
}

/** Terms are strings (words) or numbers (bigram codes). */
export type Term = string | number;

export class Bm25 {
  private readonly termIds = new Map<Term, number>();
  private readonly buildDocs: number[][] = [];
  private readonly buildTfs: number[][] = [];
  private docs: Int32Array[] = [];
  private weights: Float32Array[] = [];
  private readonly lengths: number[] = [];
  private readonly lastDoc: number[] = [];
  private readonly k1: number;
  private readonly b: number;

  constructor(opts: Bm25Options = {}) {
    this.k1 = opts.k1 ?? 1.2;
    this.b = opts.b ?? 0.75;
  }

  get size(): number {
    return this.lengths.length;
  }

  add(tokens: Term[]): number {
    const ids: number[] = [];
    for (const t of tokens) ids.push(this.intern(t));
    return this.addIds(ids);
  }

  /** The id of a term, created on first sight (before seal()). */
  intern(t: Term): number {
    let tid = this.termIds.get(t);
    if (tid === undefined) {
      tid = this.buildDocs.length;
      this.termIds.set(t, tid);
      this.buildDocs.push([]);
      this.buildTfs.push([]);
      this.lastDoc.push(-1);
    }
    return tid;
  }

  /** Adds a document given as interned term ids. */
  addIds(ids: ArrayLike<number>): number {
    const id = this.lengths.length;
    this.lengths.push(ids.length);
    // Postings grow in document order, so this document's entry, if any, is the term's last one.
    const last = this.lastDoc;
    for (let i = 0; i < ids.length; i++) {
      const tid = ids[i];
      const tfs = this.buildTfs[tid];
      if (last[tid] === id) tfs[tfs.length - 1]++;
      else {
        this.buildDocs[tid].push(id);
        tfs.push(1);
        last[tid] = id;
      }
    }
    return id;
  }

  /** Call after the last add(): freezes postings into typed arrays with precomputed tf weights. */
  seal(): void {
    const n = this.lengths.length;
    const avg = n ? this.lengths.reduce((a, b) => a + b, 0) / n : 1;
    this.docs = this.buildDocs.map((d) => Int32Array.from(d));
    this.weights = this.buildTfs.map((tfs, tid) => {
      const docs = this.buildDocs[tid];
      const w = new Float32Array(tfs.length);
      for (let i = 0; i < tfs.length; i++) {
        const norm = 1 - this.b + (this.b * this.lengths[docs[i]]) / (avg || 1);
        w[i] = (tfs[i] * (this.k1 + 1)) / (tfs[i] + this.k1 * norm);
      }
      return w;
    });
    this.buildDocs.length = 0;
    this.buildTfs.length = 0;
    this.lastDoc.length = 0;
  }

  /** Every term indexed (after seal(): the vocabulary). */
  terms(): IterableIterator<Term> {
    return this.termIds.keys();
  }

  /** The documents holding a term, ascending (empty when unknown). */
  postings(term: Term): Int32Array {
    const tid = this.termIds.get(term);
    return tid === undefined ? new Int32Array(0) : this.docs[tid];
  }

  df(term: Term): number {
    const tid = this.termIds.get(term);
    return tid === undefined ? 0 : this.docs[tid].length;
  }

  idf(term: Term): number {
    const n = this.lengths.length;
    const df = this.df(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Adds factor × BM25 of each query term into a dense score array; documents first touched are
   * appended to `touched` (the caller resets their scores to 0 afterwards).
   */
  accumulate(query: Term[], factor: number, scores: Float64Array, touched: number[]): void {
    const seen = new Set<Term>();
    for (const t of query) {
      if (seen.has(t)) continue;
      seen.add(t);
      const tid = this.termIds.get(t);
      if (tid === undefined) continue;
      const docs = this.docs[tid];
      // A term in most documents barely ranks (idf < ln 2) but costs the most to score.
      if (docs.length > this.lengths.length * MAX_DF_SHARE) continue;
      const idf = this.idf(t) * factor;
      const w = this.weights[tid];
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i];
        if (scores[d] === 0) touched.push(d);
        scores[d] += idf * w[i];
      }
    }
  }

  /** factor × BM25 of one term in one document (0 when absent): a binary search in its postings. */
  termScore(term: Term, doc: number, factor = 1): number {
    const tid = this.termIds.get(term);
    if (tid === undefined) return 0;
    const docs = this.docs[tid];
    let lo = 0;
    let hi = docs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const d = docs[mid];
      if (d === doc) return this.idf(term) * factor * this.weights[tid][mid];
      if (d < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /** Scores of every document matching at least one query term. */
  score(query: Term[]): Map<number, number> {
    const scores = new Float64Array(this.lengths.length);
    const touched: number[] = [];
    this.accumulate(query, 1, scores, touched);
    return new Map(touched.map((d) => [d, scores[d]]));
  }
}
