// Okapi BM25 over pre-tokenized documents. Postings are arrays so a query touches only the
// documents that share a term with it: cost grows with matches, not with corpus size.

export interface Bm25Options {
  k1?: number;
  b?: number;
}

export class Bm25 {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly lengths: number[] = [];
  private avgLen = 0;
  private readonly k1: number;
  private readonly b: number;

  constructor(opts: Bm25Options = {}) {
    this.k1 = opts.k1 ?? 1.2;
    this.b = opts.b ?? 0.75;
  }

  get size(): number {
    return this.lengths.length;
  }

  add(tokens: string[]): number {
    const id = this.lengths.length;
    this.lengths.push(tokens.length);
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      let list = this.postings.get(t);
      if (!list) this.postings.set(t, (list = []));
      list.push({ doc: id, tf: n });
    }
    return id;
  }

  /** Call after the last add(). */
  seal(): void {
    const total = this.lengths.reduce((a, b) => a + b, 0);
    this.avgLen = this.lengths.length ? total / this.lengths.length : 0;
  }

  df(term: string): number {
    return this.postings.get(term)?.length ?? 0;
  }

  idf(term: string): number {
    const n = this.lengths.length;
    const df = this.df(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Scores of every document matching at least one query term. */
  score(query: string[], weights?: Map<string, number>): Map<number, number> {
    const scores = new Map<number, number>();
    const seen = new Set<string>();
    for (const t of query) {
      if (seen.has(t)) continue;
      seen.add(t);
      const list = this.postings.get(t);
      if (!list) continue;
      const idf = this.idf(t) * (weights?.get(t) ?? 1);
      for (const { doc, tf } of list) {
        const norm = 1 - this.b + (this.b * this.lengths[doc]) / (this.avgLen || 1);
        const s = (idf * tf * (this.k1 + 1)) / (tf + this.k1 * norm);
        scores.set(doc, (scores.get(doc) ?? 0) + s);
      }
    }
    return scores;
  }
}
