// A document's metadata read from the document itself, the way a reader finds it: the title (even
// when it spans two lines or sits inside a "关于印发《…》的通知"), the issuer and date from the header
// or the signature block, the 文号, and the region named by the issuer or the title.
import { normalizeText } from "../../core/text.ts";
import { parseChineseNumber } from "../text/numerals.ts";
import { isChromeLine } from "./chrome.ts";
import { tabsToPipes } from "./tables.ts";

export interface ReadMeta {
  title: string | null;
  issuer: string | null;
  date: string | null;
  docNumber: string | null;
  region: string | null;
}

const DOC_TYPE = /(方案|意见|办法|通知|要点|规定|措施|细则|决定|计划|条例|指南|规划|制度|标准|规则|清单|目录|规范|要求|安排|分工|纲要|公告|通告|公示|须知|告知书|一览|一览表|明细|汇总表)$/;
const TITLE_TAIL = /^[(（](试行|暂行|修订|征求意见稿|\d{4}[—–-]+\d{4}年|\d{4}年(修订|版)?|\d{4}版)[)）]$/;
const DOC_NUMBER = /[\u4e00-\u9fff]{1,12}[〔[(（【]\s*(?:19|20)\d{2}\s*[〕\])）】]\s*\d{1,4}\s*号/;
const CN_DIGITS = "〇○零一二三四五六七八九十";
const DATE_LINE = new RegExp(`^((?:19|20)\\d{2}|[${CN_DIGITS}]{4})年([${CN_DIGITS}\\d]{1,3})月([${CN_DIGITS}\\d]{1,3})日$`);
const DATE_IN = new RegExp(`((?:19|20)\\d{2}|[${CN_DIGITS}]{4})年([${CN_DIGITS}\\d]{1,3})月([${CN_DIGITS}\\d]{1,3})日`);
const HEADER_DATE = /(成文日期|发文日期|发布日期|印发日期|发布时间)[:\s]*((?:19|20)\d{2})[-./年](\d{1,2})[-./月](\d{1,2})/;
const HEADER_ISSUER = /^发\s*布\s*机\s*构[:：\s]+(\S+)/;
const ORG_LAST = new Set("府室厅会组部局委心司");
const ORG_RE = /(人民政府|人民政府办公室|人民政府办公厅|办公室|办公厅|委员会|管理委员会|管委会|领导小组|指挥部|[^\s]{1,12}局|[^\s]{1,12}厅|[^\s]{1,12}委|[^\s]{1,12}中心|[^\s]{1,8}公司|政府)$/;
/** An organization's name (its last character first: most lines end in none of them). */
const ORG = { test: (s: string) => s.length > 0 && ORG_LAST.has(s[s.length - 1]) && ORG_RE.test(s) };

function isoOf(y: string, m: string, d: string): string | null {
  const n = (s: string) => (/^\d+$/.test(s) ? Number(s) : parseChineseNumber(s.replace(/○/g, "〇")));
  const [yy, mm, dd] = [n(y), n(m), n(d)];
  if (!yy || !mm || !dd || mm > 12 || dd > 31 || yy < 1949 || yy > 2100) return null;
  return `${yy}-${String(mm).padStart(2, "0")}-${String(dd).padStart(2, "0")}`;
}

/** A place at the start of an organization's or a document's name: 荆门市, 华容区, 湖北省荆门市, 徐圩新区. */
const X = "[^\\s省市区县州盟旗镇乡]";
const PLACE = new RegExp(`^((?:${X}{2,10}?(?:省|自治区))?(?:${X}{2,10}?(?:市|自治州|州|盟))?(?:${X}{1,10}?(?:经济技术开发区|高新技术产业开发区|开发区|新区|自治县|县|区|旗))?(?:${X}{1,8}?(?:镇|乡|街道))?)`);
// A place suffix followed by these is a word, not a place (市场, 区域, 县域, 市政…).
const NOT_PLACE_AFTER = /^(场|政|域|块|民|级|直|属|内|外|容|貌|县|区)/;

export function placeOf(name: string): string | null {
  const s = name.replace(/^中共/, "").replace(/^\d{4}年(度)?/, "");
  const m = PLACE.exec(s);
  const p = m?.[1] ?? "";
  if (p.length < 3 || /区域|县域|市域/.test(p) || NOT_PLACE_AFTER.test(s.slice(p.length))) return null;
  return p;
}

function titleCandidates(lines: string[]): string[] {
  const out: string[] = [];
  // Table rows and captions ("表1 …") are never the document's title.
  const plain = (l: string) => l.length >= 2 && l.length <= 60 && !/[。;:,!?|]/.test(l) && !/^(附)?表\s*\d/.test(l) && !(l.includes("号") && DOC_NUMBER.test(l)) && !/^各.{1,40}$/.test(l) && !/文件$/.test(l);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!plain(l)) continue;
    let t = l;
    let j = i + 1;
    // A title broken over lines: the first part ends in no document type, or the next short line
    // ending in one completes it ("…审批制度" / "改革实施方案"). An issuer's name above ("…管委会" /
    // "关于…的方案") is a signature, not half a title.
    for (; j < Math.min(lines.length, i + 3) && !ORG.test(t); j++) {
      const completes = !DOC_TYPE.test(t) || (lines[j].length <= 16 && DOC_TYPE.test(lines[j]) && !/^关于/.test(lines[j]));
      if (!completes || !plain(lines[j]) || (t + lines[j]).length > 70) break;
      t += lines[j];
    }
    if (!DOC_TYPE.test(t)) continue;
    if (lines[j] && TITLE_TAIL.test(lines[j])) t += lines[j];
    out.push(t);
  }
  return out;
}

function unwrap(title: string): string {
  const m = /关于印发《?(.+?)》?的?(通知|决定)$/.exec(title);
  return m ? m[1].replace(/^[\u4e00-\u9fff]{0,30}?《/, "") : title;
}

/** Reads what the text states about itself; anything not stated stays null. */
export function readMeta(raw: string): ReadMeta {
  // Read at every load of every document: only the head is normalized whole; further down only the
  // short lines that could be a signature's date.
  const rawLines = raw.replace(/\r\n?/g, "\n").split("\n");
  const headRaw = tabsToPipes(rawLines.slice(0, 150).join("\n")).split("\n");
  const headLines = headRaw.map((r) => ({ raw: r, n: normalizeText(r) })).filter((l) => l.n !== "");
  const body = headLines.filter((l) => !isChromeLine(l.raw, l.n)).map((l) => l.n);
  const head = headLines.slice(0, 80).map((l) => l.n);
  const lines = [
    ...headLines,
    ...rawLines.slice(150).flatMap((r, k, rest) => {
      const dated = r.length <= 80 && r.includes("年") && r.includes("日");
      const signs = !dated && r.length <= 60 && /[^\s]$/.test(r) && (rest[k + 1] ?? "").includes("年");
      return dated || signs ? [{ raw: r, n: normalizeText(r) }] : [];
    }),
  ].filter((l) => l.n !== "");

  const num = head.map((l) => (l.includes("号") ? DOC_NUMBER.exec(l)?.[0] : undefined)).find(Boolean)?.replace(/\s+/g, "") ?? null;

  // Title: the document's own name, preferred over the notice that forwards it.
  const cands = titleCandidates(body.slice(0, 60));
  const own = cands.find((c) => !/关于印发/.test(c) && !/的通知$/.test(c));
  const wrapper = cands.find((c) => /关于印发/.test(c));
  const title = own ?? (wrapper ? unwrap(wrapper) : (cands[0] ?? null));

  // Date and issuer: the signature block ("荆门市人民政府办公室" above "2025年4月9日"), else the header.
  let date: string | null = null;
  let issuer: string | null = null;
  for (let i = 0; i < lines.length && !date; i++) {
    const l = lines[i].n;
    const whole = DATE_LINE.exec(l);
    const inline = !whole && l.length <= 60 ? DATE_IN.exec(l) : null;
    if (inline && !ORG.test(l.slice(0, inline.index).trim())) continue;
    const m = whole ?? inline;
    if (!m) continue;
    date = isoOf(m[1], m[2], m[3]);
    if (!date) continue;
    const before = inline ? l.slice(0, inline.index).trim() : (lines[i - 1]?.n ?? "");
    if (ORG.test(before) && before.length <= 60 && !/[。;:,]/.test(before)) issuer = before;
  }
  if (!date)
    for (const l of head) {
      const m = HEADER_DATE.exec(l);
      if (m && (date = isoOf(m[2], m[3], m[4]))) break;
    }
  if (!issuer) {
    const h = headLines.slice(0, 40).map((l) => HEADER_ISSUER.exec(l.raw.trim())?.[1]).find(Boolean);
    const red = head.map((l) => /^(.{2,30}?)文件$/.exec(l)?.[1]).find((x) => x && ORG.test(x));
    const fromTitle = wrapper ? /^(.{2,40}?)关于印发/.exec(wrapper)?.[1] : undefined;
    issuer = h ?? red ?? (fromTitle && ORG.test(fromTitle) ? fromTitle : null);
  }
  const region = (issuer && placeOf(issuer)) || (title && placeOf(title)) || null;
  return { title, issuer, date, docNumber: num, region };
}
