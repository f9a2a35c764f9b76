// Text normalization, two kinds with one meaning each:
// - normalizeText: the canonical form of policy text, shared by parsing, fact extraction and quote
//   checking, so that a quote copied from a normalized document always matches it again;
// - foldWidth: what people type on phones (full-width letters, digits, spaces and punctuation) folded
//   to ASCII, for matching chat commands and phrase tables.
// And stripSelfMention: the one place where the bot's own @-name is taken off a message.

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

/** Full-width ASCII to half-width, ideographic space to space, whitespace collapsed and trimmed. */
export function foldWidth(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Removes leading @-mentions of the bot's own names ("@政务帮 ", "＠政务帮：", "@政务帮企业开办…").
 * Only the bot's names are removed, never "@ up to the next space": Chinese has no spaces, and
 * "@政务帮施工许可要多久" must keep its question.
 */
export function stripSelfMention(text: string, names: readonly string[]): string {
  const alts = names.filter(Boolean).map(escapeRe).join("|");
  if (!alts) return text;
  const re = new RegExp(`^(?:[@＠](?:${alts})[\\s\u2005:：,，]*)+`);
  return text.replace(re, "").trim();
}
