// 未解决问题: refused questions, suggestions nobody picked and answers rated unhelpful, grouped so an
// administrator deals with one group at a time. A question joins a group when it was offered the
// same measures, or shares its content words (jieba, Jaccard) or most of its
// characters (bigram Dice) with the group's leading question. Questions the curators already dealt
// with (ZWB_KB_DIR/faq/) are left out.
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
/** Leaders looked up per word: a word in more groups than this says little about which one a question is in. */
const COMMON = 200;

const jaccard = (a: Set<string>, b: Set<string>) => {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
};

// Segmenting is the cost of grouping; the same questions come back on every dashboard refresh.
const wordCache = new Map<string, Set<string>>();
function contentWords(text: string): Set<string> {
  let ws = wordCache.get(text);
  if (!ws) {
    ws = new Set(preciseWords(text).map((w) => keep(w)).filter((w): w is string => w !== null && w.length > 1));
    if (wordCache.size > 20_000) wordCache.clear();
    wordCache.set(text, ws);
  }
  return ws;
}

export function groupUnanswered(items: readonly UnansweredItem[], handled: Iterable<string> = []): UnansweredGroup[] {
  const done = new Set([...handled].map(normQuestion));
  const list = items.filter((i) => i.norm && !done.has(i.norm));
  const words = list.map((i) => contentWords(i.text));
  const grams = list.map((i) => bigramSet(i.norm));
  // Leader clustering, most asked first: a question joins the first group whose leading question it
  // resembles (same measures offered, shared words, most characters), else leads a new group. Unlike
  // joining any two similar questions, this never chains 用水报装 → 报装部门 → 用气部门 into one group.
  const order = list.map((_, i) => i).sort((a, b) => list[b].count - list[a].count || list[b].last - list[a].last || (list[a].norm < list[b].norm ? -1 : 1));
  const leaders: number[] = [];
  const members = new Map<number, number[]>();
  const byOffer = new Map<string, number>();
  const byWord = new Map<string, number[]>();
  for (const i of order) {
    const it = list[i];
    const key = it.offered.length ? [...it.offered].slice(0, 3).sort().join("|") : "";
    let lead = key ? byOffer.get(key) : undefined;
    if (lead === undefined) {
      const seen = new Set<number>();
      for (const w of words[i])
        for (const l of byWord.get(w) ?? []) {
          if (seen.has(l)) continue;
          seen.add(l);
          if (jaccard(words[i], words[l]) >= WORD_JACCARD || dice(grams[i], grams[l]) >= CHAR_DICE) {
            lead = l;
            break;
          }
        }
      if (lead === undefined)
        // Too few words to look up (a short question): compare characters with the leaders directly.
        for (const l of words[i].size ? [] : leaders) if (dice(grams[i], grams[l]) >= CHAR_DICE) {
          lead = l;
          break;
        }
    }
    if (lead === undefined) {
      lead = i;
      leaders.push(i);
      members.set(i, []);
      for (const w of words[i]) {
        const l = byWord.get(w) ?? byWord.set(w, []).get(w)!;
        if (l.length < COMMON) l.push(i);
      }
    }
    if (key && !byOffer.has(key)) byOffer.set(key, lead);
    members.get(lead)!.push(i);
  }
  const groups = new Map<number, number[]>([...members]);
  const out: UnansweredGroup[] = [];
  for (const idx of groups.values()) {
    const its = idx.map((i) => list[i]).sort((a, b) => b.count - a.count || b.last - a.last || a.norm.localeCompare(b.norm));
    const offerCount = new Map<string, number>();
    for (const it of its) for (const m of it.offered) offerCount.set(m, (offerCount.get(m) ?? 0) + it.count);
    const termCount = new Map<string, number>();
    for (const i of idx) for (const w of words[i]) termCount.set(w, (termCount.get(w) ?? 0) + 1);
    const reasons = new Set(its.flatMap((it) => it.reasons));
    out.push({
      id: createHash("sha256").update(its[0].norm).digest("hex").slice(0, 12),
      title: its[0].text,
      count: its.reduce((a, it) => a + it.count, 0),
      last: Math.max(...its.map((it) => it.last)),
      reasons: (["refuse", "suggest", "clarify", "rated"] as const).filter((r) => reasons.has(r)),
      offered: [...offerCount].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([m]) => m),
      terms: [...termCount].filter(([, n]) => idx.length === 1 || n >= Math.max(2, idx.length / 2)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 6).map(([w]) => w),
      questions: its.slice(0, 50).map((it) => ({ text: it.text, count: it.count, last: it.last })),
    });
  }
  return out.sort((a, b) => b.count - a.count || b.last - a.last || a.id.localeCompare(b.id));
}
