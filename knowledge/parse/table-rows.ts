// A table row as a measure: its text reads "事项：…；承诺时限：…" so a quote of it is a sentence, and
// its facts come from its own cells under the header's meaning — the row's time limit is never
// another row's, and a bare "3" under "时限（工作日）" is 3 working days.
import type { Facts, TableInfo } from "../types.ts";
import { extractFacts } from "../facts/index.ts";
import { extractDeadlines } from "../facts/dates.ts";
import { extractTimeLimits } from "../facts/timeLimits.ts";
import { extractUnits, splitUnits } from "../facts/units.ts";
import { splitMaterials } from "../facts/requirements.ts";
import type { ColumnMeaning, RawTable } from "./tables.ts";

export interface TableRow {
  label: string;
  title: string;
  text: string;
  cells: string[];
  facts: Facts;
}

const UNIT_IN_HEADER = /[(（]?(个?工作日|天|日|小时|分钟)[)）]?$/;
const LIMIT_COLS = new Set<ColumnMeaning>(["statutoryLimit", "promisedLimit"]);
const ONGOING = /^(持续推进|长期坚持|长期推进|持续开展|长期|常态化|持续)$/;

/** A bare number gets its unit from the header ("时限（工作日）") or the row's own name ("合计工作日"). */
function withUnit(cell: string, header: string, item: string): string {
  if (!/^\d+(\.\d+)?$/.test(cell)) return cell;
  const u = UNIT_IN_HEADER.exec(header)?.[1] ?? UNIT_IN_HEADER.exec(item)?.[1] ?? (/工作日/.test(header + item) ? "工作日" : null);
  if (!u) return cell;
  return `${cell}${u === "工作日" ? "个工作日" : u}`;
}

export function tableInfo(t: RawTable): TableInfo {
  return { caption: t.caption, header: t.header, rows: t.rows.length, columns: t.columns };
}

export function rowsOf(t: RawTable, docYear?: number): TableRow[] {
  const itemCol = t.columns.indexOf("item") >= 0 ? t.columns.indexOf("item") : t.columns.findIndex((c) => c !== "index");
  return t.rows.map((raw, r) => {
    const item = (raw[itemCol] ?? "").trim();
    const idx = t.columns.indexOf("index");
    const label = idx >= 0 && raw[idx] ? raw[idx] : String(r + 1);
    // Header units travel into the cell ("3" under "时限（工作日）" reads "3个工作日").
    const cells = raw.map((c, i) => (LIMIT_COLS.has(t.columns[i]) || t.columns[i] === "" ? withUnit(c.trim(), t.header[i], item) : c.trim()));
    const parts = cells.map((c, i) => (c && t.columns[i] !== "index" ? `${t.header[i].replace(/[(（][^)）]*[)）]$/, "")}：${c}` : "")).filter(Boolean);
    const text = parts.join("；");

    // What the free-text cells (the task itself, notes) state, then the typed columns on top.
    const free = cells.filter((_, i) => ["item", "note", "conditions", ""].includes(t.columns[i])).join("。");
    const facts = extractFacts(free, { docYear });
    const lead: string[] = [];
    const coop: string[] = [];
    cells.forEach((c, i) => {
      if (!c) return;
      const col = t.columns[i];
      if (LIMIT_COLS.has(col)) {
        const kind = col === "statutoryLimit" ? "statutory" : "promised";
        const limits = extractTimeLimits(c).map((x) => ({ ...x, subject: item || x.subject, kind }) as const);
        facts.timeLimits = [...facts.timeLimits.filter((x) => !limits.some((y) => y.text === x.text)), ...limits];
      } else if (col === "deadline") {
        if (ONGOING.test(c)) facts.deadlines.push({ text: c, ongoing: true, subject: item });
        // The column is the label: "2025年12月" under 完成时限 means by the end of that month.
        else facts.deadlines.push(...extractDeadlines(`完成时限:${c}`, docYear).map((d) => ({ ...d, subject: item || d.subject })));
      } else if (col === "lead" || col === "coop") {
        const labeled = extractUnits(c);
        if (labeled.lead.length + labeled.cooperating.length && labeled.source !== "prose") {
          lead.push(...labeled.lead);
          coop.push(...labeled.cooperating);
        } else (col === "lead" ? lead : coop).push(...splitUnits(c));
      } else if (col === "materials") {
        for (const m of splitMaterials(c)) if (!/^(无|不需要|免提交)$/.test(m)) facts.requirements.push({ kind: "material", text: m });
      } else if (col === "conditions") facts.requirements.push({ kind: "condition", text: c });
    });
    if (lead.length || coop.length) facts.units = { lead: [...new Set(lead)], cooperating: [...new Set(coop.filter((u) => !lead.includes(u)))], source: "table" };
    return { label, title: item.slice(0, 40), text, cells, facts };
  });
}
