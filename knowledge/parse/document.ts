// Document → measures: Traditional text read in Simplified, chrome stripped, tables lifted out as
// data, lines broken by PDF extraction rejoined, the numbering tree built (tree.ts), run-on
// "一是…二是…", "(1)…(2)…" and "…(X负责)…(Y负责)" paragraphs split into items of their own, and leaf
// items (and self-standing sections) emitted as measures with their facts. Units stated once for a
// section flow down to its items. A document without any numbering still loads, as paragraphs.

import type { DocumentMeta, Facts, Measure, ParsedDocument, UnitsFact } from "../types.ts";
import { extractFacts, hasFacts } from "../facts/index.ts";
import { extractLabeledUnits, extractUnits } from "../facts/units.ts";
import { splitMaterials } from "../facts/requirements.ts";
import { stripChrome } from "./chrome.ts";
import { splitInlineEnumeration, splitTitle, type Marker } from "./numbering.ts";
import { extractTables, tabsToPipes, type RawTable } from "./tables.ts";
import { rowsOf, tableInfo } from "./table-rows.ts";
import { splitParenItems, splitTasks } from "./tasks.ts";
import { buildTree, ITEM_KINDS, joinParagraphs, newNode, type Node } from "./tree.ts";
import { looksTraditional, toSimplified } from "./traditional.ts";

export { joinParagraphs } from "./tree.ts";

export interface ParseOptions {
  /** Minimum length of a section's own introduction for it to become a "概述" measure. */
  minIntroChars?: number;
  /** Whether the text is in Traditional characters, when the caller has looked already. */
  traditional?: boolean;
}

const LISTS_MATERIALS = /(提交|提供|携带|准备|报送)?(下列|以下|如下)(申请)?(材料|资料|要件)[:：]?$|(申请材料|申报材料|所需材料)(包括|如下)?[:：]$/;

const MATERIALS_HEADING = /^(申请|申报|所需|提交|办理|需提交的?)?(材料|资料|要件)(清单|目录|要求)?$/;

function introText(n: Node): string {
  return n.afterTitle + n.body.join("");
}

/** Full text of a leaf: the marker line's content followed by its paragraphs and its own assignment lines. */
function leafText(n: Node): string {
  // A list of short lines ("- 申请书" / "- 身份证明") stays a list.
  const listed = n.body.length >= 2 && n.body.every((b) => b.length <= 30 && !/[。;:!?]$/.test(b));
  const rest = n.body.join(listed ? "；" : "");
  // A heading-only line ("一、指导思想") followed by its paragraph: keep them apart as sentences.
  const sep = rest && n.content && !/[。;:!?)”]$/.test(n.content) ? "。" : "";
  const text = n.content + sep + rest;
  // "责任单位:…" / "完成时限:…" printed under the item are part of what it says.
  if (!n.unitLines.length) return text;
  return `${text}${/[。;!?)]$/.test(text) ? "" : "。"}(${n.unitLines.join(";")})`;
}

function addInline(node: Node, kind: Node["levelKind"], parts: { label: string; text: string }[]): void {
  for (const item of parts) {
    const marker: Marker = { kind: "cnShi", value: node.children.length + 1, label: item.label, prefix: item.label, content: item.text, standalone: false };
    const child = newNode(marker, kind, node);
    child.inline = true;
    child.title = splitTitle(item.text).title;
    node.children.push(child);
  }
}

/**
 * "一是…;二是…;三是…。(X负责)": a bracket closing the whole run names the units of every item, not
 * only of the last one — when no other item names its own.
 */
function shareTrailingUnits(node: Node): void {
  const kids = node.children;
  const last = kids[kids.length - 1];
  const m = /[(（][^()（）]*[)）][。;]?$/.exec(last?.content ?? "");
  if (!m) return;
  const u = extractUnits(m[0]);
  if (!u.lead.length && !u.cooperating.length) return;
  if (kids.slice(0, -1).some((k) => { const o = extractUnits(k.content); return o.lead.length + o.cooperating.length > 0; })) return;
  node.shared = u;
}

/** Run-on enumerations and task runs inside a leaf become its children. */
function expandInline(node: Node): void {
  for (const c of node.children) expandInline(c);
  if (node.children.length > 0 || node.levelKind === "root" || node.levelKind === "table") return;
  const enumeration = splitInlineEnumeration(introText(node));
  if (enumeration) {
    node.afterTitle = enumeration.intro;
    node.body = [];
    addInline(node, "cnShi", enumeration.items);
    shareTrailingUnits(node);
    return;
  }
  const paren = splitParenItems(introText(node));
  if (paren) {
    node.afterTitle = paren.intro;
    node.body = [];
    addInline(node, "parenArabic", paren.items);
    shareTrailingUnits(node);
    return;
  }
  // Tasks: a heading sentence ("深化商事制度改革。") stays the item's title; the tasks follow it.
  const all = leafText(node);
  const headed = node.title && node.content.startsWith(node.title) && /^[。]/.test(node.content.slice(node.title.length)) && !/[()（）]/.test(node.title);
  const from = headed ? introText(node) : all;
  const tasks = splitTasks(from);
  if (!tasks) return;
  node.afterTitle = "";
  node.body = [];
  if (!headed) node.title = splitTitle(tasks[0].text).title;
  addInline(node, "task", tasks);
}

function pathElement(n: Node, tables: RawTable[]): string {
  if (n.levelKind === "table") return tables[n.table!].caption;
  const m = n.marker!;
  const leaf = n.children.length === 0;
  if (n.inline || (leaf && ITEM_KINDS.has(n.levelKind))) return m.label;
  if (m.kind === "list") return m.label;
  if (m.kind === "dash") return `——${n.title}`;
  if (m.kind === "article") return m.label;
  return `${m.prefix}${n.title}`.trim();
}

// Every item of a section asks for its headings' units: read each heading once.
const headingUnits = new WeakMap<Node, UnitsFact | null>();

function unitsOfHeading(n: Node): UnitsFact | null {
  if (headingUnits.has(n)) return headingUnits.get(n)!;
  const u = readHeadingUnits(n);
  headingUnits.set(n, u);
  return u;
}

function readHeadingUnits(n: Node): UnitsFact | null {
  if (n.shared) return n.shared;
  if (n.unitLines.length > 0) return extractLabeledUnits(n.unitLines.join(";"));
  if (n.levelKind === "root" || n.levelKind === "table") return null;
  const u = extractUnits(`${n.title}。${introText(n)}`);
  return u.lead.length || u.cooperating.length ? u : null;
}

function hasTimeOrDate(f: Facts): boolean {
  return f.timeLimits.length + f.deadlines.length + f.targets.length > 0;
}

function inherit(facts: Facts, from: Node | null, own: Node | null): void {
  if (facts.units.lead.length || facts.units.cooperating.length) return;
  // Unit lines printed under the item itself ("1.…" then "牵头单位:…") are its own.
  if (own?.unitLines.length) {
    facts.units = extractLabeledUnits(own.unitLines.join(";"));
    return;
  }
  for (let n = from; n; n = n.parent) {
    const u = unitsOfHeading(n);
    if (u) {
      facts.units = { lead: [...u.lead], cooperating: [...u.cooperating], source: "section" };
      return;
    }
  }
}

export function parseDocument(input: string, meta: DocumentMeta, opts: ParseOptions = {}): ParsedDocument {
  const minIntro = opts.minIntroChars ?? 40;
  const year = Number(meta.date?.slice(0, 4));
  const docYear = Number.isInteger(year) && year > 1900 ? year : undefined;
  const traditional = opts.traditional ?? looksTraditional(input);
  const simp = traditional ? toSimplified(input) : null;
  const raw = simp ? simp.text : input;
  const lines = stripChrome(tabsToPipes(raw), { title: meta.title });
  const { lines: flowing, tables } = extractTables(lines);
  const root = buildTree(joinParagraphs(flowing));
  expandInline(root);

  const measures: Measure[] = [];
  const warnings: string[] = [];
  const ids = new Map<string, number>();
  const emit = (path: string[], label: string, title: string, text: string, owner: Node | null, facts?: Facts, self?: Node | null, row?: Measure["row"]) => {
    const f = facts ?? extractFacts(text, { docYear });
    inherit(f, owner, self ?? null);
    // A task named by a bare predicate ("取得阶段性重大进展") carries its item's heading, so a
    // reminder says what it is about.
    const bare = (x: string) => title && !x.includes(title) && title !== label;
    for (const d of f.deadlines) if (d.subject.length < 10 && bare(d.subject)) d.subject = `${title}：${d.subject}`;
    // "每季度调度一次" says how often, not what: what is left without the cadence is a bare verb.
    for (const r of f.recurring) if (r.subject.replace(r.text, "").replace(/(至少|不少于)?[一1两2三3]?次|一期/g, "").length <= 3 && bare(r.subject)) r.subject = `${title}：${r.subject}`;
    let id = `${meta.id}#${path.join(">")}`;
    const seen = ids.get(id) ?? 0;
    ids.set(id, seen + 1);
    if (seen > 0) id = `${id}~${seen + 1}`;
    const m: Measure = { id, docId: meta.id, docTitle: meta.title, path, label, title, text, facts: f };
    if (simp) m.original = simp.original(text);
    if (row) m.row = row;
    measures.push(m);
  };

  const preamble = introText(root);
  if (preamble) {
    const f = extractFacts(preamble, { docYear });
    if (hasFacts(f)) emit(["前言"], "前言", "前言", preamble, null, f);
  }
  const walk = (n: Node, path: string[]) => {
    const p = [...path, pathElement(n, tables)];
    if (n.levelKind === "table") {
      const t = tables[n.table!];
      for (const r of rowsOf(t, docYear)) {
        // A one-record table (a guide's elements) is the measure itself; a row is named by its number.
        const at = t.record ? p : [...p, r.label];
        if (r.text) emit(at, t.record ? t.caption : r.label, r.title, r.text, n.parent, r.facts, null, { table: t.caption, header: t.header, cells: r.cells });
      }
      return;
    }
    if (n.children.length === 0) {
      const text = leafText(n);
      if (!text) return;
      const f = extractFacts(text, { docYear });
      // "应当提交下列材料:" then "(一)申请书;" "(二)章程;": each item is a material; so is each line
      // under a heading that names the materials ("二、申请材料" then a list).
      const listed = n.parent && LISTS_MATERIALS.test(leafText(n.parent).replace(/[。]$/, "")) ? text : MATERIALS_HEADING.test(n.title) ? n.body.join("；") : "";
      for (const x of listed ? splitMaterials(listed) : []) if (!f.requirements.some((r) => r.text === x)) f.requirements.push({ kind: "material", text: x });
      emit(p, n.marker!.label, n.title, text, n.parent, f, n);
      return;
    }
    // A numbered line that is one sentence with sub-items ("1.企业开办1日办结。" then "(1)…") keeps
    // its own fact: the sentence becomes the head of the section's overview.
    const ownFact = n.marker?.kind !== "list" && hasTimeOrDate(extractFacts(n.title, { docYear }));
    const intro = ownFact ? `${n.title}。${introText(n)}` : introText(n);
    if (intro) {
      const f = extractFacts(intro, { docYear });
      if (intro.length >= minIntro || hasFacts(f)) emit([...p, "概述"], "概述", n.title, intro, n, f);
    }
    for (const c of n.children) walk(c, p);
  };
  for (const c of root.children) walk(c, []);

  // No numbering at all (a notice, a page of prose): its paragraphs are its measures.
  if (measures.length === 0 && tables.length === 0) {
    const source = [...root.body, ...root.children.flatMap((c) => (c.marker ? [leafText(c)] : c.body))].filter((x) => x.trim());
    source.forEach((text, i) => emit([`第${i + 1}段`], `第${i + 1}段`, splitTitle(text).title, text, null));
    if (measures.length) warnings.push(`未识别出编号条目（如 一、 (一) 1. 第一条），已按 ${measures.length} 个段落载入`);
  }

  const withUnits = measures.filter((m) => m.facts.units.lead.length + m.facts.units.cooperating.length > 0).length;
  for (const m of measures) {
    const where = m.path.join(">");
    if (withUnits * 2 >= measures.length && m.facts.units.lead.length + m.facts.units.cooperating.length === 0 && !m.row) {
      warnings.push(`${where}: 未注明责任单位`);
    }
    for (const d of m.facts.deadlines) if (!d.date && !d.ongoing) warnings.push(`${where}: 日期"${d.text}"无法确定具体日期`);
  }
  for (const t of tables) {
    const unknown = t.header.filter((_, i) => !t.columns[i]);
    if (unknown.length) warnings.push(`表格「${t.caption}」的列 ${unknown.join("、")} 未识别含义，按原文载入`);
  }
  return { meta, measures, warnings, tables: tables.map(tableInfo), ...(traditional ? { traditional } : {}) };
}
