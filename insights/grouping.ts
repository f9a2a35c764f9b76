// 未解决问题: refused questions, suggestions nobody picked and answers rated unhelpful, grouped so an
// administrator deals with one group at a time. Two questions are one group when they were offered
// the same measures, or share their content words (jieba, IDF-free Jaccard) or most of their
// characters (bigram Dice). Questions the curators already dealt with (ZWB_KB_DIR/faq/) are left out.
import { createHash } from "node:crypto";
import { keep, preciseWords } from "../knowledge/search/tokenize.ts";
import { bigramSet, dice, normQuestion } from "./normalize.ts";
import type { UnansweredItem, UnansweredReason } from "./types.ts";

export interface UnansweredGroup {
  /** Stable while the group's most-asked question stays the same. */
  id: string;
  /** The most-asked question, as asked. */
  title: string;
  /** Times asked in all. */
  count: number;
  last: number;
  reasons: UnansweredReason[];
  /** Measures offered to its questions, most often first. */
  offered: string[];
  /** Content words most of its questions share. */
  terms: string[];
  questions: { text: string; count: number; last: number }[];
}

const WORD_JACCARD = 0.5;
const CHAR_DICE = 0.6;
/** A word in more questions than this says nothing about which group a question is in. */
const COMMON = 200;

class Sets {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]];
    return i;
  }
  join(a: number, b: number): void {
    const x = this.find(a);
    const y = this.find(b);
    if (x !== y) this.parent[Math.max(x, y)] = Math.min(x, y);
  }
}

const jaccard = (a: Set<string>, b: Set<string>) => {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
};

export function groupUnanswered(items: readonly UnansweredItem[], handled: Iterable<string> = []): UnansweredGroup[] {
  const done = new Set([...handled].map(normQuestion));
  const list = items.filter((i) => i.norm && !done.has(i.norm));
  const words = list.map((i) => new Set(preciseWords(i.text).map((w) => keep(w)).filter((w): w is string => w !== null && w.length > 1)));
  const grams = list.map((i) => bigramSet(i.norm));
  const sets = new Sets(list.length);
  // Same measures offered: one group.
  const byOffer = new Map<string, number>();
  list.forEach((it, i) => {
    if (!it.offered.length) return;
    const key = [...it.offered].slice(0, 3).sort().join("|");
    const first = byOffer.get(key);
    if (first === undefined) byOffer.set(key, i);
    else sets.join(first, i);
  });
  // Shared terms: compare only questions that share a word that is not everywhere.
  const byWord = new Map<string, number[]>();
  words.forEach((ws, i) => ws.forEach((w) => (byWord.get(w) ?? byWord.set(w, []).get(w)!).push(i)));
  const compared = new Set<number>();
  for (const ids of byWord.values()) {
    if (ids.length < 2 || ids.length > COMMON) continue;
    for (let x = 0; x < ids.length; x++)
      for (let y = x + 1; y < ids.length; y++) {
        const a = ids[x];
        const b = ids[y];
        const key = a * list.length + b;
        if (compared.has(key)) continue;
        compared.add(key);
        if (jaccard(words[a], words[b]) >= WORD_JACCARD || dice(grams[a], grams[b]) >= CHAR_DICE) sets.join(a, b);
      }
  }
  const groups = new Map<number, number[]>();
  list.forEach((_, i) => {
    const r = sets.find(i);
    (groups.get(r) ?? groups.set(r, []).get(r)!).push(i);
  });
  const out: UnansweredGroup[] = [];
  for (const members of groups.values()) {
    const its = members.map((i) => list[i]).sort((a, b) => b.count - a.count || b.last - a.last || a.norm.localeCompare(b.norm));
    const offerCount = new Map<string, number>();
    for (const it of its) for (const m of it.offered) offerCount.set(m, (offerCount.get(m) ?? 0) + it.count);
    const termCount = new Map<string, number>();
    for (const i of members) for (const w of words[i]) termCount.set(w, (termCount.get(w) ?? 0) + 1);
    const reasons = new Set(its.flatMap((it) => it.reasons));
    out.push({
      id: createHash("sha256").update(its[0].norm).digest("hex").slice(0, 12),
      title: its[0].text,
      count: its.reduce((a, it) => a + it.count, 0),
      last: Math.max(...its.map((it) => it.last)),
      reasons: (["refuse", "suggest", "clarify", "rated"] as const).filter((r) => reasons.has(r)),
      offered: [...offerCount].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([m]) => m),
      terms: [...termCount].filter(([, n]) => members.length === 1 || n >= Math.max(2, members.length / 2)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 6).map(([w]) => w),
      questions: its.slice(0, 50).map((it) => ({ text: it.text, count: it.count, last: it.last })),
    });
  }
  return out.sort((a, b) => b.count - a.count || b.last - a.last || a.id.localeCompare(b.id));
}
