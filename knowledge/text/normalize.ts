// Text normalization shared by parsing, fact extraction and quote checking, so that a quote
// copied from a normalized document always matches the normalized document again.

// Chinese punctuation that carries meaning in policy text and has no safe ASCII twin: kept.
const KEEP = new Set(["、", "。", "，", "《", "》", "“", "”", "‘", "’", "〔", "〕", "【", "】", "…", "—"]);

const CJK = "\\u3000-\\u303f\\u3400-\\u9fff\\uff00-\\uffef\\u2018-\\u201d\\u2014\\u2026\\u300a\\u300b";
const SPACE_AROUND_CJK = new RegExp(`\\s+(?=[${CJK}])|(?<=[${CJK}])\\s+`, "g");

/** Full-width ASCII (U+FF01..U+FF5E) to ASCII, except the Chinese punctuation kept above. */
function unifyWidth(s: string): string {
  // A replace with a callback touches only the characters that change (most text has none).
  return s.replace(/[\u3000\u00a0\uff01-\uff5e]/g, (ch) => {
    const cp = ch.charCodeAt(0);
    if (cp === 0x3000 || cp === 0xa0) return " ";
    return KEEP.has(ch) ? ch : String.fromCharCode(cp - 0xfee0);
  });
}

/**
 * Normalize one line or passage: full-width digits/letters/()/:/;/%/!/? become ASCII, 、。，and
 * quotes stay, whitespace collapses, and spaces touching Chinese text disappear ("15 个工作日" →
 * "15个工作日", "2018 年2 月" → "2018年2月"): Chinese never separates words with spaces, while
 * PDF-extracted policy text is full of stray ones.
 */
export function normalizeText(s: string): string {
  let t = unifyWidth(s.normalize("NFC")).replace(/[\u200b-\u200d\ufeff]/g, "");
  // Whitespace rules only matter where there is whitespace; most policy lines have none.
  if (/\s/.test(t)) {
    t = t
      .replace(/\s+/g, " ")
      .replace(SPACE_AROUND_CJK, "")
      // Policy text is Chinese: a space next to brackets/colons is always an extraction artifact.
      .replace(/\s*([(),:;%])\s*/g, "$1")
      .trim();
  }
  return t;
}
