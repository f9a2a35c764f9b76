// Numbering of Chinese policy documents: 一、 / (一) / 1. / (1) / "整治措施:" lists, the
// machine-translated "二是工作目标。" headings, and inline "一是…第二个是…" enumerations.

import { parseChineseNumber } from "../text/numerals.ts";

export type MarkerKind =
  | "bufen" // 第一部分
  | "part" // 第一编
  | "chapter" // 第一章
  | "jie" // 第一节
  | "article" // 第一条
  | "kuan" // 第一款
  | "xiang" // 第一项
  | "cn" // 一、
  | "cnShi" // 一是
  | "parenCn" // (一)
  | "arabic" // 1.
  | "parenArabic" // (1)
  | "arabicParen" // 1)
  | "circled" // ①
  | "dash" // ——坚持…
  | "attachment" // 附件1
  | "list"; // 整治措施:

export interface Marker {
  kind: MarkerKind;
  value: number;
  /** The label as printed, normalized: "一", "(一)", "13", "(1)", "二是", "量化指标". */
  label: string;
  /** Marker text to prefix a heading title with: "一、", "(一)", "1.", "二是", "". */
  prefix: string;
  /** The rest of the line after the marker. */
  content: string;
  /** A short line holding nothing but a heading ("二是工作目标。", "一、指导思想"). */
  standalone: boolean;
}

const CN = "一二三四五六七八九十";
const RE_CN = new RegExp(`^([${CN}]{1,3})、(.*)$`);
const RE_PAREN_CN = new RegExp(`^\\(([${CN}]{1,3})\\)[。.、,]?(.*)$`);
// "4.12328投诉…" is item 4 about hotline 12328; "1.5亿元" would be a decimal, not an item.
const RE_ARABIC = /^(\d{1,2})[.．、](?!\d{1,2}(?!\d))(.*)$/;
const RE_PAREN_ARABIC = /^\((\d{1,2})\)[。.、]?(.*)$/;
const RE_CN_SHI = new RegExp(`^第?([${CN}]{1,3})个?,?是的?(.*)$`);
const RE_LIST = /^([\u4e00-\u9fff]{2,8}(措施|指标|任务|目标|要求|内容|安排|重点|举措)):(.*)$/;
// A heading by form alone: a short phrase ending in a colon, nothing after it ("工作措施:", "具体做法:").
const RE_LIST_STANDALONE = /^([\u4e00-\u9fff“”]{2,12}):$/;
const RE_ORDINAL = new RegExp(`^第([${CN}百零〇\\d]{1,4})(部分|编|章|节|条|款|项)(?![一二三四五六七八九十])[\\s.、:]*(.*)$`);
const RE_ARABIC_PAREN = /^(\d{1,2})\)(?!\d)(.*)$/;
const RE_CIRCLED = /^([\u2460-\u2473])(.*)$/;
const RE_DASH = /^——(?!—)(.+)$/;
const RE_ATTACHMENT = new RegExp(`^附件(\\d{1,2}|[${CN}]{1,2})?(?:[:.、\\s]\\s*(.{0,40}))?$`);
const ORDINAL_KIND: Record<string, MarkerKind> = { 部分: "bufen", 编: "part", 章: "chapter", 节: "jie", 条: "article", 款: "kuan", 项: "xiang" };
// Lines that assign the item or section above them: its units and its completion date.
export const RE_UNITS_LINE = /^(牵头单位|责任单位|配合单位|协办单位|责任部门|牵头部门|配合部门|责任主体|完成时限|完成时间|时间节点):/;

function isStandalone(content: string): boolean {
  const c = content.replace(/[。.]$/, "");
  return c.length > 0 && c.length <= 24 && !/[。;,:]/.test(c);
}

export function matchMarker(line: string): Marker | null {
  let m: RegExpExecArray | null;
  if ((m = RE_ORDINAL.exec(line))) {
    const v = parseChineseNumber(m[1]);
    const kind = ORDINAL_KIND[m[2]];
    const label = `第${m[1]}${m[2]}`;
    // "第一章 总则" is a heading even with nothing after the number; an article always has a body.
    if (v !== null) return { kind, value: v, label, prefix: `${label} `, content: m[3].trim(), standalone: kind !== "article" && isStandalone(m[3]) };
  }
  // "附件1", "附件2:任务分工表", a lone "附件"; "附件:1.…方案 2.…清单" only lists them in the notice.
  if ((m = RE_ATTACHMENT.exec(line)) && (m[1] || !m[2])) {
    const v = m[1] ? parseChineseNumber(m[1]) : 1;
    if (v !== null) return { kind: "attachment", value: v, label: `附件${m[1] ?? ""}`, prefix: `附件${m[1] ?? ""} `, content: (m[2] ?? "").trim(), standalone: true };
  }
  if ((m = RE_LIST_STANDALONE.exec(line)) && !RE_UNITS_LINE.test(line)) return { kind: "list", value: 0, label: m[1], prefix: "", content: "", standalone: true };
  if ((m = RE_LIST.exec(line)) && !RE_UNITS_LINE.test(line)) {
    return { kind: "list", value: 0, label: m[1], prefix: "", content: m[3], standalone: m[3] === "" };
  }
  if ((m = RE_CN.exec(line))) return make("cn", parseChineseNumber(m[1]), m[1], `${m[1]}、`, m[2]);
  if ((m = RE_PAREN_CN.exec(line))) return make("parenCn", parseChineseNumber(m[1]), `(${m[1]})`, `(${m[1]})`, m[2]);
  if ((m = RE_PAREN_ARABIC.exec(line))) return make("parenArabic", Number(m[1]), `(${m[1]})`, `(${m[1]})`, m[2]);
  if ((m = RE_ARABIC.exec(line))) return make("arabic", Number(m[1]), m[1], `${m[1]}.`, m[2]);
  if ((m = RE_ARABIC_PAREN.exec(line))) return make("arabicParen", Number(m[1]), `${m[1]})`, `${m[1]})`, m[2]);
  if ((m = RE_CIRCLED.exec(line))) return make("circled", m[1].charCodeAt(0) - 0x2460 + 1, m[1], m[1], m[2]);
  if ((m = RE_DASH.exec(line))) return make("dash", 0, "——", "——", m[1]);
  if ((m = RE_CN_SHI.exec(line))) {
    const v = parseChineseNumber(m[1]);
    const shi = `${m[1]}是`;
    return make("cnShi", v, shi, shi, m[2]);
  }
  return null;
}

function make(kind: MarkerKind, value: number | null, label: string, prefix: string, rawContent: string): Marker | null {
  if (value === null) return null;
  const content = rawContent.replace(/^[。.、,\s]+/, "");
  if (content === "" && kind !== "list") return null;
  if (kind === "dash" && content.length < 4) return null;
  return { kind, value, label, prefix, content, standalone: isStandalone(content) };
}

/**
 * Marker kinds that may stand in for another at the same level when the numbering continues
 * (value = last + 1): badly converted documents print "(4)" between "(三)" and "(五)", or start
 * with "1.指导思想。" and go on with "二是工作目标。".
 */
export function aliasesOf(m: Marker): MarkerKind[] {
  if (m.kind === "parenArabic") return ["parenCn"];
  if (m.kind === "cnShi" && m.standalone) return ["cn", "arabic"];
  if (m.kind === "cn") return ["cnShi"];
  return [];
}

export interface InlineItem {
  value: number;
  label: string;
  text: string;
}

const INLINE = new RegExp(`(第)?([${CN}])(个)?(,)?是(的)?`, "g");

/**
 * Split run-on "一是…二是…第三个是…" enumerations. Returns null unless at least two markers
 * continue one another from 一. The first marker may follow a heading without punctuation
 * ("建服务服务平台一是…"); later ones must start a sentence.
 */
export function splitInlineEnumeration(text: string): { intro: string; firstStart: number; items: InlineItem[] } | null {
  const hits: { start: number; end: number; value: number }[] = [];
  let expected = 1;
  for (const m of text.matchAll(INLINE)) {
    const value = parseChineseNumber(m[2]);
    if (value !== expected) continue;
    const start = m.index!;
    const prev = start === 0 ? "" : text[start - 1];
    const boundary = start === 0 || /[。;:!?\s]/.test(prev) || (value === 1 && start <= 16 && !/[,、]/.test(prev));
    if (!boundary) continue;
    hits.push({ start, end: start + m[0].length, value });
    expected++;
  }
  if (hits.length < 2) return null;
  const items = hits.map((h, i) => ({
    value: h.value,
    label: `${CN[h.value - 1]}是`,
    text: text.slice(h.end, i + 1 < hits.length ? hits[i + 1].start : text.length).replace(/^[,\s]+/, "").trim(),
  }));
  return { intro: text.slice(0, hits[0].start).trim(), firstStart: hits[0].start, items };
}

/** Heading title of a marker line's content: up to the first sentence or clause break. */
export function splitTitle(content: string): { title: string; body: string } {
  const inline = splitInlineEnumeration(content);
  const stop = content.search(/[。;,:!?]/);
  const cut = Math.min(stop === -1 ? content.length : stop, inline ? inline.firstStart : Infinity);
  return { title: content.slice(0, cut).slice(0, 40), body: content.slice(cut).replace(/^[。;,:!?]/, "").trim() };
}
