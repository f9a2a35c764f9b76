// Vocabulary the knowledge base itself supplies: the units it names, the 事项 it lists and the terms
// it puts in quotes. They go into the segmenter's dictionary so they segment whole (行政审批局,
// 投服中心, 日结日清), and their co-occurrence across measures is mined for related terms.
import type { Measure } from "../types.ts";

const QUOTED = /[“"「『]([\u4e00-\u9fff0-9+]{2,12})[”"」』]/g;
// A 事项 in a list: "、社保登记", ",住房公积金缴存", "(管沟、管廊…)" — a short noun phrase ending in the
// name of an administrative act.
const SERVICE_ITEM = /(?:^|[、,，;；。:：（(“\s])([\u4e00-\u9fff]{2,6}(?:报装|许可证|预审|验收|评审|登记|备案|刻制|申领|缴存|开户|核发|审批))(?=[、,，;；。:：）)”\s等]|$)/g;

/** The knowledge base's own names, each once. */
export function corpusWords(measures: readonly Measure[]): Set<string> {
  const out = new Set<string>();
  for (const m of measures) {
    for (const u of [...m.facts.units.lead, ...m.facts.units.cooperating]) if (u.length >= 3 && u.length <= 12) out.add(u);
    for (const q of m.text.matchAll(QUOTED)) out.add(q[1]);
    for (const s of m.text.matchAll(SERVICE_ITEM)) out.add(s[1]);
  }
  return out;
}

/**
 * Terms that share measures: for each pair of the given terms, how many measures hold both. Related
 * terms of t are those with the highest cosine (shared / √(df t · df u)), at least two shared measures.
 */
export class RelatedTerms {
  private readonly pairs = new Map<string, Map<string, number>>();
  private readonly df = new Map<string, number>();
  private readonly cache = new Map<string, string[]>();

  /** `perMeasure`: the key terms each measure holds. */
  constructor(perMeasure: Iterable<Set<string>>) {
    for (const set of perMeasure) {
      const terms = [...set];
      for (const t of terms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
      if (terms.length > 24) continue; // a list of everything relates nothing
      for (const a of terms)
        for (const b of terms) {
          if (a === b) continue;
          let m = this.pairs.get(a);
          if (!m) this.pairs.set(a, (m = new Map()));
          m.set(b, (m.get(b) ?? 0) + 1);
        }
    }
  }

  related(term: string, max = 5): string[] {
    let r = this.cache.get(term);
    if (r) return r;
    const m = this.pairs.get(term);
    const dt = this.df.get(term) ?? 0;
    r = m
      ? [...m.entries()]
          .filter(([, n]) => n >= 2)
          .map(([u, n]) => ({ u, cos: n / Math.sqrt(dt * (this.df.get(u) ?? 1)) }))
          .sort((a, b) => b.cos - a.cos || a.u.localeCompare(b.u))
          .slice(0, max)
          .map((x) => x.u)
      : [];
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(term, r);
    return r;
  }
}
