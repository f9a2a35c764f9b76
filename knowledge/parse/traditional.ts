// Documents in Traditional characters (牽頭單位, 個工作日) are read in Simplified, so that units,
// limits and questions typed in Simplified meet them; the published wording is kept for the quote.
// OpenCC (opencc-js) converts; it is loaded only when a document looks Traditional.
import { createRequire } from "node:module";

// Very common characters that exist only in Traditional writing: a cheap first look before OpenCC.
const TRADITIONAL_ONLY = /[們個這來時會對與為過還說國際單頭責門區縣機關辦務業實現發經濟條環營產設備應開間問題規劃請導線進報處體類電費準項確將屬於條務權層組織稅證審級]/g;

type Convert = (s: string) => string;
let convert: Convert | null = null;

function converter(): Convert {
  if (!convert) {
    // The UMD build loads synchronously under tsx, vitest and the bundle alike.
    const OpenCC = createRequire(import.meta.url)("opencc-js/t2cn") as { Converter: (o: { from: string; to: string }) => Convert };
    convert = OpenCC.Converter({ from: "tw", to: "cn" });
  }
  return convert;
}

// A table over the CJK block: one array read per character.
const ONLY = new Uint8Array(0x9fff - 0x4e00 + 1);
for (const ch of TRADITIONAL_ONLY.source.slice(1, -1)) ONLY[ch.charCodeAt(0) - 0x4e00] = 1;

/** True when a text is written in Traditional characters (not one stray character in a Simplified text). */
export function looksTraditional(text: string): boolean {
  // A plain loop over the first 6,000 characters: run on every document at every load.
  const n = Math.min(text.length, 6000);
  let hits = 0;
  let han = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x4e00 || c > 0x9fff) continue;
    han++;
    hits += ONLY[c - 0x4e00];
  }
  return hits >= 5 && hits / Math.max(1, han) > 0.02;
}

export interface Simplified {
  text: string;
  /** Maps a Simplified passage of this document back to its published Traditional wording. */
  original: (simplified: string) => string;
}

/**
 * Simplified text line by line; the way back is a character map learnt from this document (OpenCC's
 * line conversions keep length), the most frequent Traditional form of each Simplified character.
 */
export function toSimplified(text: string): Simplified {
  const c = converter();
  const counts = new Map<string, Map<string, number>>();
  const lines = text.split("\n").map((line) => {
    const s = c(line);
    if (s.length === line.length)
      for (let i = 0; i < s.length; i++)
        if (s[i] !== line[i]) {
          let m = counts.get(s[i]);
          if (!m) counts.set(s[i], (m = new Map()));
          m.set(line[i], (m.get(line[i]) ?? 0) + 1);
        }
    return s;
  });
  const back = new Map<string, string>();
  for (const [simp, forms] of counts) back.set(simp, [...forms].sort((a, b) => b[1] - a[1])[0][0]);
  return { text: lines.join("\n"), original: (s) => s.replace(/[\u4e00-\u9fff]/g, (ch) => back.get(ch) ?? ch) };
}

/** A question typed in Traditional characters, read in Simplified (Simplified text is returned as is). */
export function simplifyQuestion(q: string): string {
  TRADITIONAL_ONLY.lastIndex = 0;
  return TRADITIONAL_ONLY.test(q) ? converter()(q) : q;
}
