// What was understood of a document, for people: the per-document lines of a reload report, and
// each measure's facts as short Chinese lines (`zwb kb show <doc>`, the console's document view).
// Facts whose extraction is unsure carry a "？" so an administrator sees a likely misread at once.
import type { Measure, ParsedDocument } from "../types.ts";
import { countFacts, type FactCounts } from "./index.ts";

export interface DocumentReport {
  id: string;
  file: string;
  title: string;
  issuer: string | null;
  date: string | null;
  docNumber: string | null;
  region: string | null;
  measures: number;
  tables: number;
  tableRows: number;
  facts: FactCounts;
  traditional: boolean;
  warnings: string[];
}

export function documentReport(d: ParsedDocument): DocumentReport {
  return {
    id: d.meta.id,
    file: d.meta.file,
    title: d.meta.title,
    issuer: d.meta.issuer ?? null,
    date: d.meta.date ?? null,
    docNumber: d.meta.docNumber ?? null,
    region: d.meta.region ?? null,
    measures: d.measures.length,
    tables: d.tables?.length ?? 0,
    tableRows: d.measures.filter((m) => m.row).length,
    facts: countFacts(d.measures),
    traditional: Boolean(d.traditional),
    warnings: d.warnings,
  };
}

const EVERY_ZH: Record<string, string> = { day: "每天", week: "每周", "2weeks": "每两周", month: "每月", quarter: "每季度", halfyear: "每半年", year: "每年" };
const UNSURE = "？";

export interface FactLine {
  /** 时限, 日期, 周期, 牵头单位, 配合单位, 目标, 材料, 条件 */
  kind: string;
  text: string;
  unsure: boolean;
}

/** One line per fact, in a fixed order, each saying what it applies to. */
export function factLines(m: Measure): FactLine[] {
  const f = m.facts;
  const out: FactLine[] = [];
  const about = (s: string) => (s && s.length <= 40 ? `（${s}）` : s ? `（${s.slice(0, 38)}…）` : "");
  for (const t of f.timeLimits) {
    const kind = t.kind === "statutory" ? "法定时限" : t.kind === "promised" ? "承诺时限" : "时限";
    out.push({ kind, text: `${t.text}${t.working ? "〔工作日〕" : ""}${about(t.subject)}`, unsure: Boolean(t.unsure) || (t.verb === "其他" && !t.kind) });
  }
  for (const d of f.deadlines) {
    const when = d.ongoing ? "长期/持续" : (d.date ?? "日期不确定");
    out.push({ kind: "完成时间", text: `${d.text} → ${when}${about(d.subject)}`, unsure: Boolean(d.unsure) || (!d.date && !d.ongoing) });
  }
  for (const r of f.recurring) out.push({ kind: "周期", text: `${EVERY_ZH[r.every]}${r.or ? `或${EVERY_ZH[r.or].slice(1)}` : ""}${r.day ? `${r.day}日前` : ""}${about(r.subject)}`, unsure: false });
  const unitUnsure = f.units.source === "prose";
  if (f.units.lead.length) out.push({ kind: "牵头/责任单位", text: f.units.lead.join("、") + (f.units.source === "section" ? "（沿用所在部分）" : ""), unsure: unitUnsure });
  if (f.units.cooperating.length) out.push({ kind: "配合单位", text: f.units.cooperating.join("、"), unsure: unitUnsure });
  for (const t of f.targets) out.push({ kind: "目标", text: `${t.text}${about(t.subject)}`, unsure: t.subject.length < 2 });
  for (const r of f.requirements) out.push({ kind: r.kind === "material" ? "材料" : "条件", text: r.text, unsure: Boolean(r.unsure) });
  return out;
}

/** A measure as an administrator reads it: where it is, its text, then its facts. */
export function describeMeasure(m: Measure): string {
  const lines = [`【${m.path.join(" > ")}】${m.row ? `（表格行：${m.row.table}）` : ""}`, `  ${m.text.length > 160 ? `${m.text.slice(0, 158)}…` : m.text}`];
  const facts = factLines(m);
  if (!facts.length) lines.push("  （未抽取到时限、日期、单位、目标或材料）");
  for (const f of facts) lines.push(`  · ${f.kind}：${f.text}${f.unsure ? ` ${UNSURE}待核` : ""}`);
  return lines.join("\n");
}

/** The whole document for `zwb kb show <doc>`: metadata, tables, warnings, then every measure. */
export function describeDocument(d: ParsedDocument): string {
  const r = documentReport(d);
  const meta = [
    `《${r.title}》（${r.id}，文件 ${r.file}${r.traditional ? "，繁体已转简体" : ""}）`,
    `发文机关：${r.issuer ?? "未识别"}；日期：${r.date ?? "未识别"}；文号：${r.docNumber ?? "未识别"}；地区：${r.region ?? "未识别"}`,
    `措施 ${r.measures} 条（其中表格行 ${r.tableRows}），表格 ${r.tables} 个；时限 ${r.facts.timeLimits}，日期 ${r.facts.deadlines}，周期 ${r.facts.recurring}，单位 ${r.facts.units}，目标 ${r.facts.targets}，材料/条件 ${r.facts.requirements}`,
  ];
  for (const t of d.tables ?? []) meta.push(`表格「${t.caption}」：${t.header.map((h, i) => `${h}${t.columns[i] ? "" : "（未识别）"}`).join(" | ")}，${t.rows} 行`);
  if (r.warnings.length) meta.push(`提示 ${r.warnings.length} 条：`, ...r.warnings.map((w) => `  - ${w}`));
  meta.push("（标“？待核”的事实抽取把握不大，请对照原文核实。）", "");
  return [...meta, ...d.measures.map(describeMeasure)].join("\n");
}
