// Tables in policy documents, read as data: pipe rows (Markdown, or a Word table from the .docx
// converter), tab-separated text, and the one-cell-a-line runs that PDF extraction leaves. A header
// cell says what its column means (序号 | 事项 | 申请材料 | 法定时限 | 承诺时限 | 牵头单位 | 配合单位 |
// 完成时限 | 收费 …), by the words government tables use for it.
import { matchMarker } from "./numbering.ts";

export type ColumnMeaning =
  | "index" | "item" | "materials" | "statutoryLimit" | "promisedLimit" | "deadline" | "lead" | "coop"
  | "fees" | "conditions" | "place" | "phone" | "basis" | "note" | "";

// Tested in this order: "完成时限" is a deadline before it is a 时限, "事项名称" an item.
const MEANINGS: [Exclude<ColumnMeaning, "">, RegExp][] = [
  ["index", /^(序号|编号|序|No\.?)$/i],
  ["deadline", /完成(时限|时间|期限)|时间节点|时间安排|进度安排|完成日期|截止(时间|日期)/],
  ["statutoryLimit", /法定(办结|办理)?(时限|期限)/],
  ["promisedLimit", /承诺(办结|办理)?(时限|期限|时间)|办理时限|办结时限|办理时间|^时限|用时|^(工作日|天数)|时限[(（]/],
  ["lead", /牵头(单位|部门)|责任(单位|部门|科室|主体)|主办(单位|部门)|实施(主体|机关|部门)|办理(部门|机构|单位)|承办(单位|部门)|主管部门/],
  ["coop", /配合(单位|部门)|协办(单位|部门)|参与(单位|部门)|协同(单位|部门)/],
  ["materials", /材料|资料|要件/],
  ["fees", /收费|费用/],
  ["conditions", /条件/],
  ["place", /地点|地址|窗口/],
  ["phone", /电话|联系方式/],
  ["basis", /依据/],
  ["note", /备注|说明/],
  ["item", /事项|任务|内容|名称|措施|项目|环节|阶段|工作|举措|服务|指标|目标|类别|类型/],
];

export function meaningOf(header: string): ColumnMeaning {
  const h = header.replace(/\s+/g, "");
  for (const [k, re] of MEANINGS) if (re.test(h)) return k;
  return "";
}

export interface RawTable {
  caption: string;
  header: string[];
  columns: ColumnMeaning[];
  rows: string[][];
  /** A one-record table printed as "事项名称:…" / "申请材料:…" lines (a service guide's elements). */
  record?: boolean;
}

/** The private placeholder a table leaves in the line stream, so the outline knows where it stood. */
export const TABLE_MARK = "\ue000表";
export const isTableMark = (l: string) => l.startsWith(TABLE_MARK);

/**
 * A table printed to PDF comes out one row a line, cells separated by spaces ("序号 事项名称 法定时限 …"):
 * a header line of column words opens it, and the lines after it with as many cells are its rows (a
 * row with more is an item name holding a space, joined back).
 */
function spacedTables(lines: string[]): string[] {
  const out = [...lines];
  for (let i = 0; i < out.length; i++) {
    if (out[i].length > 120 || !/\S\s+\S+\s+\S/.test(out[i])) continue;
    const head = out[i].trim().split(/\s+/);
    if (head.length < 3 || head.some((c) => c.length > 12) || head.filter((c) => meaningOf(c)).length < 3) continue;
    const cols = head.map(meaningOf);
    const item = Math.max(0, cols.indexOf("item"));
    let j = i + 1;
    for (; j < out.length; j++) {
      let cells = out[j].trim().split(/\s+/);
      if (cells.length < head.length || cells.length > head.length + 3) break;
      const extra = cells.length - head.length;
      if (extra) cells = [...cells.slice(0, item), cells.slice(item, item + extra + 1).join(" "), ...cells.slice(item + extra + 1)];
      out[j] = `|${cells.join("|")}|`;
    }
    if (j === i + 1) continue;
    out[i] = `|${head.join("|")}|`;
    i = j - 1;
  }
  return out;
}

/** Tab- and space-separated tables become pipe rows before normalization folds the spaces away. */
export function tabsToPipes(raw: string): string {
  const lines = raw.replace(/\r\n?/g, "\n").split("\n");
  const tabbed = lines.map((l) => /\S\t+\S/.test(l));
  const piped = lines.map((l, i) => (tabbed[i] && (tabbed[i - 1] || tabbed[i + 1]) ? `|${l.split(/\t+/).map((c) => c.trim()).join("|")}|` : l));
  // Only worth the look where a line has both a space and a column word.
  return (/[^\S\n]/.test(raw) ? spacedTables(piped) : piped).join("\n");
}

const cellsOf = (l: string) => l.replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());
const isPipeRow = (l: string) => /\|/.test(l) && cellsOf(l).length >= 2 && !/^\|?\s*:?-{2,}/.test(l);
const isRule = (l: string) => /^\|?(\s*:?-{2,}:?\s*\|)+\s*(:?-{2,}:?\s*)?\|?$/.test(l);

function headerOf(cells: string[]): ColumnMeaning[] | null {
  const cols = cells.map(meaningOf);
  const known = cols.filter(Boolean).length;
  const short = cells.every((c) => c.length <= 16);
  return short && (known >= 2 || (known >= 1 && cells.length === 2)) ? cols : null;
}

/** A caption: the short line just above a table ("表1 工程建设项目审批时限", "附件2任务分工表"). */
function captionOf(line: string | undefined): boolean {
  if (!line || line.length > 40 || /[。;,]/.test(line) || isTableMark(line)) return false;
  const m = matchMarker(line);
  if (m && m.kind !== "attachment") return false;
  return /^(附)?表\s*\d|表$|清单$|一览表$|分工$|台账$|目录$|标准$|指南$|事项$/.test(line);
}

function pipeTable(lines: string[], start: number): { end: number; table: Omit<RawTable, "caption"> } | null {
  let end = start;
  while (end < lines.length && (isPipeRow(lines[end]) || isRule(lines[end]))) end++;
  const rows = lines.slice(start, end).filter((l) => !isRule(l)).map(cellsOf);
  if (rows.length < 2) return null;
  const cols = headerOf(rows[0]);
  const width = Math.max(...rows.map((r) => r.length));
  const header = cols ? rows[0] : Array.from({ length: width }, (_, i) => `第${i + 1}列`);
  const body = (cols ? rows.slice(1) : rows).map((r) => [...r, ...Array(Math.max(0, header.length - r.length)).fill("")].slice(0, Math.max(header.length, r.length)));
  return { end, table: { header, columns: cols ?? header.map(() => ""), rows: body.filter((r) => r.some(Boolean)) } };
}

const HEADER_CELL = (l: string) => l.length <= 12 && !/[。;,:]/.test(l) && meaningOf(l) !== "";

/**
 * A PDF table, one cell a line: a run of header cells, then rows. With a 序号 column each row starts
 * with its number, and lines past the column count are a wrapped cell (joined to the item column).
 */
function cellPerLineTable(lines: string[], start: number): { end: number; table: Omit<RawTable, "caption"> } | null {
  let k = start;
  while (k < lines.length && HEADER_CELL(lines[k])) k++;
  const header = lines.slice(start, k);
  if (header.length < 3) return null;
  const columns = header.map(meaningOf);
  if (new Set(columns).size < header.length - 1) return null;
  const n = header.length;
  const indexed = columns[0] === "index";
  const itemCol = Math.max(0, columns.indexOf("item"));
  const rows: string[][] = [];
  let i = k;
  const stops = (l: string) => l.length > 60 || (matchMarker(l) !== null && !/^\d{1,3}$/.test(l)) || isTableMark(l);
  while (i < lines.length && !stops(lines[i])) {
    let cells: string[];
    if (indexed) {
      const no = rows.length + 1;
      if (lines[i] !== String(no)) break;
      let j = i + 1;
      while (j < lines.length && lines[j] !== String(no + 1) && !stops(lines[j]) && j - i < n * 3) j++;
      // The last row runs to where the lines stop looking like cells.
      if (j >= lines.length || lines[j] !== String(no + 1)) j = Math.min(j, i + n);
      cells = lines.slice(i, j);
      i = j;
    } else {
      cells = lines.slice(i, i + n);
      if (cells.length < n) break;
      i += n;
    }
    if (cells.length > n) {
      const extra = cells.length - n;
      const merged = cells.slice(itemCol, itemCol + extra + 1).join("");
      cells = [...cells.slice(0, itemCol), merged, ...cells.slice(itemCol + extra + 1)];
    }
    rows.push([...cells, ...Array(Math.max(0, n - cells.length)).fill("")]);
  }
  return rows.length >= 1 ? { end: i, table: { header, columns, rows } } : null;
}

const KV = /^([\u4e00-\u9fff]{2,8})[:：]\s*(.+)$/;
const RECORD_CORE = new Set<ColumnMeaning>(["item", "materials", "statutoryLimit", "promisedLimit", "conditions", "fees"]);

/**
 * A service guide's elements, one "名称:值" a line (事项名称, 申请材料, 法定时限, 承诺时限…), read as a
 * one-row table; numbered lines under 申请材料 continue its value.
 */
function recordTable(lines: string[], start: number): { end: number; table: Omit<RawTable, "caption"> } | null {
  const header: string[] = [];
  const values: string[] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const l = lines[i];
    const m = KV.exec(l);
    if (m && meaningOf(m[1])) {
      header.push(m[1]);
      values.push(m[2].trim());
    } else if (header.length && /^(\d{1,2}[.、)]|\(\d{1,2}\)|[①-⑳])/.test(l) && l.length <= 80) values[values.length - 1] += `；${l}`;
    else break;
  }
  const columns = header.map(meaningOf);
  if (header.length < 3 || !columns.some((c) => RECORD_CORE.has(c))) return null;
  return { end: i, table: { header, columns, rows: [values], record: true } };
}

/** Replaces each table in `lines` by a placeholder line and returns the tables in order. */
export function extractTables(lines: string[]): { lines: string[]; tables: RawTable[] } {
  const out: string[] = [];
  const tables: RawTable[] = [];
  for (let i = 0; i < lines.length; ) {
    const l = lines[i];
    const found = l === "" ? null : isPipeRow(l) ? pipeTable(lines, i) : HEADER_CELL(l) ? cellPerLineTable(lines, i) : KV.test(l) ? recordTable(lines, i) : null;
    if (!found) {
      out.push(l);
      i++;
      continue;
    }
    // The caption may sit a blank line above.
    let c = out.length - 1;
    while (c >= 0 && out[c] === "") c--;
    let caption = `表${tables.length + 1}`;
    const named = found.table.record ? found.table.rows[0][found.table.columns.indexOf("item")] : undefined;
    if (named) caption = named;
    else if (c >= 0 && captionOf(out[c])) {
      caption = out[c];
      out.length = c;
    }
    tables.push({ caption, ...found.table });
    out.push(`${TABLE_MARK}${tables.length - 1}`);
    i = found.end;
  }
  return { lines: out, tables };
}
