// Chinese numerals as written in policy text: 三, 两, 十五, 二十三, 一百, 三分之一, 半, 1.5.

const DIGIT: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const SCALE: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** Characters that can appear in a Chinese numeral (for building regexes elsewhere). */
export const CN_NUM_CHARS = "零〇一二两三四五六七八九十百千万";

function parseInteger(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (s.length === 0) return null;
  // Digit strings like 二〇二一 (years) are positional, not scaled.
  if ([...s].every((c) => c in DIGIT) && s.length > 1) {
    return Number([...s].map((c) => DIGIT[c]).join(""));
  }
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const c of s) {
    if (c in DIGIT) {
      digit = DIGIT[c];
    } else if (c === "万") {
      section = (section + (digit ?? 0)) * 10000;
      total += section;
      section = 0;
      digit = null;
    } else if (c in SCALE) {
      // 十五 = 15: a bare 十 means one ten.
      section += (digit ?? 1) * SCALE[c];
      digit = null;
    } else {
      return null;
    }
  }
  return total + section + (digit ?? 0);
}

/**
 * Parse a number written in Chinese or arabic digits. Returns null when the string is not a number.
 * "十五"→15, "两"→2, "一百"→100, "三分之一"→1/3, "半"→0.5, "一个半"/"一半" handled as +0.5 / 0.5.
 */
export function parseChineseNumber(input: string): number | null {
  const t = input.trim();
  if (t === "半" || t === "一半") return 0.5;
  // "一个半" = 1.5, "三个" = 3: the measure word carries no value.
  const s = t.replace(/个/g, "");
  if (s === "") return null;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const frac = /^(.+)分之(.+)$/.exec(s);
  if (frac) {
    const den = parseChineseNumber(frac[1]);
    const num = parseChineseNumber(frac[2]);
    return den && num !== null ? num / den : null;
  }
  if (s.endsWith("半")) {
    const whole = parseInteger(s.slice(0, -1));
    return whole === null ? null : whole + 0.5;
  }
  return parseInteger(s);
}
