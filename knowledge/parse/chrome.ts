// Page chrome of government sites (header tables, counters, footers, signatures, download links)
// that surrounds the policy text when a page is saved as text. None of it is policy content.

import { normalizeText } from "../../core/text.ts";

const CHROME_PATTERNS: RegExp[] = [
  /^索\s*引\s*号/,
  /^发\s*布\s*机\s*构/,
  /^标\s*题\s/,
  /^文\s*号\s/,
  /^主\s*题\s*词/,
  /^内容概述$/,
  /^时\s*效\s/,
  /^分\s*类\s/,
  /信息来源[:：]/,
  /浏览次数/,
  /点击[:：]\s*$/,
  /^来源[:：]/,
  /^时间[:：]\s*\d{4}-\d{2}-\d{2}/,
  /^发布(日期|时间)[:：]/,
  /^字号/,
  /打印本页/,
  /关闭窗口/,
  /^当前位置/,
  /^政府信息公开$/,
  /^文件下载[:：]/,
  /^附件下载[:：]/,
  /^解读链接[:：]/,
  /^《[^》]+》(的)?政策解读$/,
  /政策解读$/,
  /copyright/i,
  /ICP备/,
  /公网安备/,
  /版权所有/,
  /^建议使用.*(浏览器|分辨率)/,
  /^政务公开信箱/,
  /^\d{5,}$/, // visit counters
  /^[(（]此件(公开发布|不公开)[)）]$/,
  /^(\d{4}|[〇○零一二三四五六七八九十]{4})年[\d〇○零一二三四五六七八九十]{1,3}月[\d〇○零一二三四五六七八九十]{1,3}日(印发)?$/,
  /印发给你们/,
  /^(抄送|主送)[:：]/,
];

const CN_D = "〇○零一二三四五六七八九十";
const DATE_ONLY = new RegExp(`^(\\d{4}|[${CN_D}]{4})年[\\d${CN_D}]{1,3}月[\\d${CN_D}]{1,3}日(印发)?$`);
const SIGNATURE = /^[^。;,:!?()]{2,60}(人民政府|政府|办公室|办公厅|委员会|管委会|管理委员会|领导小组|局|厅|委|中心|公司)$/;

/** Salutation lines such as "各部门、各单位:" that open a forwarding notice. */
const SALUTATION = /^各.{1,60}[:：]$/;

/** True for a line of page chrome (`line` is the normalized form of `raw`). */
export function isChromeLine(raw: string, line: string = normalizeText(raw)): boolean {
  if (line === "") return false;
  const trimmed = raw.trim();
  // Header tables space their labels out ("索 引 号"): test the raw line as well as the normalized one.
  if (CHROME_PATTERNS.some((re) => re.test(line) || re.test(trimmed))) return true;
  if (SALUTATION.test(line) && !/单位[:：]$/.test(line)) return true;
  // Right-aligned signature blocks: deep indentation is layout, never an item.
  if (/^[ \u00a0\u3000]{8,}\S/.test(raw)) return true;
  return false;
}

export interface StripOptions {
  /** The document's own title: a line equal to it ends the forwarding notice above it. */
  title?: string;
}

/**
 * Remove page chrome. Returns normalized lines (blank lines kept as "") so paragraph breaks survive.
 * When the document's title appears as a line of its own, everything above it (site header,
 * forwarding notice, signature) is dropped too.
 */
export function stripChrome(raw: string, opts: StripOptions = {}): string[] {
  const rawLines = raw.replace(/\r\n?/g, "\n").split("\n");
  const title = opts.title ? normalizeText(opts.title) : undefined;
  let out: string[] = [];
  for (const r of rawLines) {
    const line = normalizeText(r);
    if (title && line === title) {
      out = [];
      continue;
    }
    // A title printed over two lines: the second line completes the first.
    const prev = out.findLast((l) => l !== "");
    if (title && prev && line && prev + line === title) {
      out = [];
      continue;
    }
    if (isChromeLine(r, line)) {
      // A date line closes a signature block: the issuer's name just above it is not policy text.
      if (DATE_ONLY.test(line)) {
        const k = out.findLastIndex((l) => l !== "");
        if (k >= 0 && SIGNATURE.test(out[k])) out.splice(k, 1);
      }
      continue;
    }
    // A line that only names the document being forwarded ("关于印发…的通知") is a page title.
    if (/^.{0,40}关于印发.{2,80}(通知|决定)$/.test(line) && !/[。;]/.test(line)) continue;
    out.push(line);
  }
  return out;
}

/** Strings that must never survive into a measure (used by tests and the loader's sanity check). */
export const CHROME_MARKERS = ["浏览次数", "打印本页", "索引号", "发布机构", "信息来源", "Copyright"];
