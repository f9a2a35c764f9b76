// Chinese tokenization for lexical retrieval: jieba words (search mode) plus character bigrams.
// Measured against Intl.Segmenter (see bench): jieba keeps 报装/工作日/公积金/可办率 whole where
// Intl.Segmenter splits them into single characters, which ruins IDF weighting.
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { LEXICON } from "../../language/index.ts";

let jieba: Jieba | undefined;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

// Words already added to the segmenter's dictionary (it only grows: a word a reload drops still
// segments whole, which harms nothing).
const userWords = new Set<string>();

/**
 * Adds the knowledge base's own names (units, 事项, quoted terms) to the segmenter so they stay
 * whole — "行政审批局", "投服中心" — in documents and questions alike. Call before indexing.
 */
export function addUserWords(words: Iterable<string>): number {
  const lines: string[] = [];
  for (const w of words) {
    const t = w.trim();
    if (t.length < 2 || t.length > 12 || /\s/.test(t) || userWords.has(t)) continue;
    userWords.add(t);
    lines.push(`${t} 2000 nz`);
  }
  if (lines.length) segmenter().loadDict(Buffer.from(lines.join("\n") + "\n"));
  return lines.length;
}

/** Words that carry no topic: question words, particles, politeness, generic verbs (language/tables/stopwords.json). */
export const STOPWORDS = new Set<string>(LEXICON.stopwords.entries.filter((e) => e.role === "stopword").flatMap((e) => e.terms ?? []));

const CJK = /[\u3400-\u9fff]/;
/** Question words jieba glues to a measure word (几号, 几件, 哪一年, 多大) and yes/no frames. */
const QUESTION_WORD = /^(几|哪)|^多(大|高|长|远|久|少|快|重)|^(有没有|是不是|会不会|能不能|要不要|可不可以|可以吗|什么样|怎么办|这次|这样|那样|一直|打算|每个|有何|有哪些|由谁来?|谁来|来当|前要|后要)$/;
const PUNCT_OR_SPACE = /^[\s\p{P}\p{S}]+$/u;

// Tokens repeat heavily across a corpus: decide each distinct one once (bounded).
const verdicts = new Map<string, string | null>();

export function keep(w: string): string | null {
  let v = verdicts.get(w);
  if (v === undefined) {
    const t = w.trim().toLowerCase();
    v = !t || PUNCT_OR_SPACE.test(t) || STOPWORDS.has(t) || QUESTION_WORD.test(t) ? null : t;
    if (verdicts.size > 200_000) verdicts.clear();
    verdicts.set(w, v);
  }
  return v;
}

function kept(tokens: string[]): string[] {
  const out: string[] = [];
  for (const w of tokens) {
    const t = keep(w);
    if (t !== null) out.push(t);
  }
  return out;
}

/** Raw search-mode tokens, before stopwords are dropped (the index build filters them itself). */
export function rawSearchTokens(text: string): string[] {
  return segmenter().cutForSearch(text, true);
}

/** Raw precise-mode tokens, stopwords and punctuation included (for repairing a segmentation). */
export function rawPreciseTokens(text: string): string[] {
  return segmenter().cut(text, true);
}

/**
 * Dictionary words only (no HMM guessing of new words): characters the dictionary cannot join stay
 * single. What the typo check reads — a guessed "word" may be a typo, a dictionary word is not.
 */
export function dictionaryTokens(text: string): string[] {
  return segmenter().cut(text, false);
}

/** Search-mode words (overlapping sub-words included): for indexing and matching. */
export function words(text: string): string[] {
  return kept(segmenter().cutForSearch(text, true));
}

/**
 * Precise-mode words: one token per word as written ("公积金", not also "公积"/"积金"), so a
 * question's coverage counts each word it asks about once.
 */
export function preciseWords(text: string): string[] {
  return kept(segmenter().cut(text, true));
}

const CJK_BASE = 0x3400;
const CJK_SPAN = 0x9fff - CJK_BASE + 1;

/**
 * The same bigrams as numbers: the index hashes small integers far faster than strings and builds
 * no string per bigram. Offsets into the CJK block keep every code below 2^30, a V8 small integer,
 * so no code is boxed on the heap.
 */
export function bigramCodes(text: string): number[] {
  const out: number[] = [];
  let prev = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) - CJK_BASE;
    if (c >= 0 && c < CJK_SPAN) {
      if (prev >= 0) out.push(prev * CJK_SPAN + c);
      prev = c;
    } else prev = -1;
  }
  return out;
}

/** Character bigrams inside CJK runs: recall for words jieba segments differently in query and text. */
export function bigrams(text: string): string[] {
  const out: string[] = [];
  let prev = "";
  for (const ch of text) {
    if (CJK.test(ch)) {
      if (prev) out.push(prev + ch);
      prev = ch;
    } else prev = "";
  }
  return out;
}

/**
 * Part-of-speech per word of a question. Used to weigh words the corpus never uses: an unknown
 * noun (护照, 天气) names a foreign topic; an unknown verb (建完, 拿出) is usually just wording.
 */
export function nounish(question: string): (word: string) => boolean {
  const tags = segmenter().tag(question, true);
  return (w) => {
    const t = tags.find((x) => x.word === w) ?? tags.find((x) => x.word.includes(w));
    return t ? /^(n|l|j|t|eng|nz|nr|ns|nt|i)/.test(t.tag) : true;
  };
}
