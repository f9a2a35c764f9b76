// Typing by pinyin input makes homophone typos: 用睡报装 for 用水报装, 工做日 for 工作日. A run of
// characters the corpus does not know is matched to corpus words that differ in exactly one
// character with the same toneless pinyin (a homophone typo replaces one character); the most frequent such
// word replaces it. Only unknown runs are touched, so a word the corpus uses is never "corrected".
import { pinyin } from "pinyin-pro";
import type { Vocabulary } from "./vocabulary.ts";
import { LEXICON } from "./lexicon/index.ts";

// Characters people use on their own all the time (能, 好, 要…): a run made only of them is ordinary
// chat, not a typo ("能好" is not "能耗").
const COMMON = new Set(LEXICON.stopwords.entries.filter((e) => e.role === "common-char").flatMap((e) => e.terms ?? []));

const HAN = /^[\u4e00-\u9fff]+$/;
const readings = new Map<string, Set<string>>();

/** Toneless readings of one character (all of them for polyphones: 行 → xing, hang). */
function readingsOf(ch: string): Set<string> {
  let r = readings.get(ch);
  if (!r) {
    const all = pinyin(ch, { toneType: "none", multiple: true, type: "array" }) as string[];
    r = new Set(all.filter(Boolean));
    readings.set(ch, r);
  }
  return r;
}

function sameSound(a: string, b: string): boolean {
  if (a === b) return true;
  const ra = readingsOf(a);
  for (const x of readingsOf(b)) if (ra.has(x)) return true;
  return false;
}

export class HomophoneIndex {
  // "用?" → words with 用 first and any second character: candidates for one substituted character.
  private readonly masked = new Map<string, { word: string; freq: number }[]>();

  constructor(private readonly vocab: Vocabulary) {
    for (const w of vocab.words()) {
      if (w.length < 2 || w.length > 4 || !HAN.test(w)) continue;
      const freq = vocab.frequency(w);
      for (let i = 0; i < w.length; i++) {
        const key = `${w.slice(0, i)}?${w.slice(i + 1)}`;
        let list = this.masked.get(key);
        if (!list) this.masked.set(key, (list = []));
        list.push({ word: w, freq });
      }
    }
  }

  /** Whether a segmentation has two adjacent single characters, the only place a typo is looked for. */
  static hasSuspects(tokens: string[]): boolean {
    for (let i = 1; i < tokens.length; i++) if (tokens[i].length === 1 && tokens[i - 1].length === 1 && HAN.test(tokens[i]) && HAN.test(tokens[i - 1])) return true;
    return false;
  }

  /** The corpus word `run` was probably meant as, or null. */
  private bestFor(run: string): string | null {
    let best: { word: string; freq: number } | null = null;
    for (let i = 0; i < run.length; i++) {
      const list = this.masked.get(`${run.slice(0, i)}?${run.slice(i + 1)}`);
      if (!list) continue;
      for (const c of list) {
        if (c.word === run || !sameSound(c.word[i], run[i])) continue;
        if (!best || c.freq > best.freq) best = c;
      }
    }
    return best?.word ?? null;
  }

  /**
   * Replaces mistyped runs of `text` by same-sounding corpus words. `tokens` are the text's
   * dictionary words; only runs of single characters the dictionary could not join are tried,
   * longer windows first, and a corrected window is not touched again.
   */
  correct(text: string, tokens: string[]): { text: string; corrections: string[] } {
    const corrections: string[] = [];
    // Spans of suspicious tokens, as character ranges of `text`.
    const spans: [number, number][] = [];
    let at = 0;
    let open = -1;
    for (const t of tokens) {
      const start = text.indexOf(t, at);
      if (start < 0) break;
      at = start + t.length;
      // A dictionary word is a word, even one the corpus never uses (房贷 is not a typo of 放贷);
      // characters the dictionary could not join are where typos hide.
      const suspicious = HAN.test(t) && t.length === 1;
      if (suspicious) {
        if (open < 0) open = start;
      } else if (open >= 0) {
        spans.push([open, start]);
        open = -1;
      }
    }
    if (open >= 0) spans.push([open, at]);
    let out = text;
    let shift = 0;
    for (const [s0, e0] of spans) {
      let s = s0 + shift;
      const e = e0 + shift;
      if (e - s < 2) continue;
      let span = out.slice(s, e);
      for (const len of [4, 3, 2]) {
        for (let i = 0; i + len <= span.length; i++) {
          const run = span.slice(i, i + len);
          if (!HAN.test(run) || this.vocab.known(run) || [...run].every((c) => COMMON.has(c))) continue;
          const fix = this.bestFor(run);
          if (!fix) continue;
          corrections.push(`${run}→${fix}`);
          span = span.slice(0, i) + fix + span.slice(i + len);
          i += len - 1;
        }
      }
      out = out.slice(0, s) + span + out.slice(e);
      shift += span.length - (e - s);
      s += span.length;
    }
    return { text: out, corrections };
  }
}
