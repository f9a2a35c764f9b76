// Document → measures: strip chrome, rejoin lines broken by PDF extraction, build the numbering
// tree, expand run-on "一是…二是…" paragraphs, and emit leaf items (and self-standing sections)
// as measures with their facts. Units stated once for a section flow down to its items.

import type { DocumentMeta, Facts, Measure, ParsedDocument, UnitsFact } from "../types.ts";
import { extractFacts, hasFacts } from "../facts/index.ts";
import { extractLabeledUnits, extractUnits } from "../facts/units.ts";
import { stripChrome } from "./chrome.ts";
import { aliasesOf, matchMarker, RE_UNITS_LINE, splitInlineEnumeration, splitTitle, type Marker, type MarkerKind } from "./numbering.ts";

export interface ParseOptions {
  /** Minimum length of a section's own introduction for it to become a "概述" measure. */
  minIntroChars?: number;
}

interface Node {
  marker: Marker | null;
  levelKind: MarkerKind | "root";
  inline: boolean;
  title: string;
  /** The marker line after its marker. */
  content: string;
  /** The part of `content` after the title. */
  afterTitle: string;
  /** Paragraphs following the marker line, before any child. */
  body: string[];
  unitLines: string[];
  children: Node[];
  parent: Node | null;
}

const ITEM_KINDS = new Set<string>(["arabic", "parenArabic"]);

function newNode(marker: Marker | null, levelKind: Node["levelKind"], parent: Node | null): Node {
  const { title, body } = marker ? splitTitle(marker.content) : { title: "", body: "" };
  const isList = marker?.kind === "list";
  return {
    marker, levelKind, inline: false,
    title: isList ? marker.label : title,
    content: marker?.content ?? "",
    afterTitle: isList ? (marker?.content ?? "") : body,
    body: [], unitLines: [], children: [], parent,
  };
}

function shouldJoin(prev: string, next: string): boolean {
  if (matchMarker(next) || RE_UNITS_LINE.test(next)) return false;
  if (/[。;:!?]$/.test(prev)) return false;
  const pm = matchMarker(prev);
  if (pm?.standalone) return false;
  // A short line without any punctuation is a title, not half a sentence.
  if (!pm && !RE_UNITS_LINE.test(prev) && prev.length < 25 && !/[,、。;:]/.test(prev)) return false;
  return true;
}

/** Lines → paragraphs, rejoining sentences that the page or PDF broke across lines. */
export function joinParagraphs(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (line === "") continue;
    if (out.length > 0 && shouldJoin(out[out.length - 1], line)) out[out.length - 1] += line;
    else out.push(line);
  }
  return out;
}

function buildTree(paragraphs: string[]): Node {
  const root = newNode(null, "root", null);
  const stack: Node[] = [];
  for (const p of paragraphs) {
    if (RE_UNITS_LINE.test(p)) {
      // "牵头单位:…" after a list belongs to the section that holds the list.
      while (stack.length > 1 && (stack[stack.length - 1].levelKind === "list" || ITEM_KINDS.has(stack[stack.length - 1].levelKind))) stack.pop();
      (stack[stack.length - 1] ?? root).unitLines.push(p);
      continue;
    }
    const m = matchMarker(p);
    if (!m) {
      (stack[stack.length - 1] ?? root).body.push(p);
      continue;
    }
    let kind: MarkerKind = m.kind;
    let idx = stack.findLastIndex((n) => n.levelKind === m.kind);
    if (idx === -1) {
      for (const alias of aliasesOf(m)) {
        const j = stack.findLastIndex((n) => n.levelKind === alias && n.marker?.value === m.value - 1);
        if (j !== -1) {
          idx = j;
          kind = alias;
          break;
        }
      }
    }
    if (idx !== -1) stack.length = idx;
    const parent = stack[stack.length - 1] ?? root;
    const node = newNode(m, kind, parent);
    parent.children.push(node);
    stack.push(node);
  }
  return root;
}

function expandInline(node: Node): void {
  for (const c of node.children) expandInline(c);
  if (node.children.length > 0 || node.levelKind === "root") return;
  const split = splitInlineEnumeration(introText(node));
  if (!split) return;
  node.afterTitle = split.intro;
  node.body = [];
  for (const item of split.items) {
    const marker: Marker = { kind: "cnShi", value: item.value, label: item.label, prefix: item.label, content: item.text, standalone: false };
    const child = newNode(marker, "cnShi", node);
    child.inline = true;
    child.title = splitTitle(item.text).title;
    node.children.push(child);
  }
}

function pathElement(n: Node): string {
  const m = n.marker!;
  const leaf = n.children.length === 0;
  if (n.inline || (leaf && ITEM_KINDS.has(n.levelKind))) return m.label;
  if (m.kind === "list") return m.label;
  return `${m.prefix}${n.title}`;
}

/** Full text of a leaf: the marker line's content followed by its paragraphs. */
function leafText(n: Node): string {
  const rest = n.body.join("");
  // A heading-only line ("一、指导思想") followed by its paragraph: keep them apart as sentences.
  const sep = rest && n.content && !/[。;:!?)”]$/.test(n.content) ? "。" : "";
  return n.content + sep + rest;
}

function introText(n: Node): string {
  return n.afterTitle + n.body.join("");
}

function unitsOfHeading(n: Node): UnitsFact | null {
  if (n.unitLines.length > 0) return extractLabeledUnits(n.unitLines.join(";"));
  const u = extractUnits(`${n.title}。${introText(n)}`);
  return u.lead.length || u.cooperating.length ? u : null;
}

function hasTimeOrDate(f: Facts): boolean {
  return f.timeLimits.length + f.deadlines.length + f.targets.length > 0;
}

function inherit(facts: Facts, from: Node | null): void {
  if (facts.units.lead.length || facts.units.cooperating.length) return;
  for (let n = from; n; n = n.parent) {
    const u = unitsOfHeading(n);
    if (u) {
      facts.units = { lead: [...u.lead], cooperating: [...u.cooperating] };
      return;
    }
  }
}

export function parseDocument(raw: string, meta: DocumentMeta, opts: ParseOptions = {}): ParsedDocument {
  const minIntro = opts.minIntroChars ?? 40;
  const year = Number(meta.date?.slice(0, 4));
  const docYear = Number.isInteger(year) && year > 1900 ? year : undefined;
  const root = buildTree(joinParagraphs(stripChrome(raw, { title: meta.title })));
  expandInline(root);

  const measures: Measure[] = [];
  const warnings: string[] = [];
  const ids = new Map<string, number>();
  const emit = (path: string[], label: string, title: string, text: string, owner: Node | null, facts?: Facts) => {
    const f = facts ?? extractFacts(text, { docYear });
    inherit(f, owner);
    let id = `${meta.id}#${path.join(">")}`;
    const seen = ids.get(id) ?? 0;
    ids.set(id, seen + 1);
    if (seen > 0) id = `${id}~${seen + 1}`;
    measures.push({ id, docId: meta.id, docTitle: meta.title, path, label, title, text, facts: f });
  };

  const preamble = introText(root);
  if (preamble) {
    const f = extractFacts(preamble, { docYear });
    if (hasFacts(f)) emit(["前言"], "前言", "前言", preamble, null, f);
  }
  const walk = (n: Node, path: string[]) => {
    const p = [...path, pathElement(n)];
    if (n.children.length === 0) {
      const text = leafText(n);
      if (text) emit(p, n.marker!.label, n.title, text, n.parent);
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

  const withUnits = measures.filter((m) => m.facts.units.lead.length + m.facts.units.cooperating.length > 0).length;
  for (const m of measures) {
    const where = m.path.join(">");
    if (withUnits * 2 >= measures.length && m.facts.units.lead.length + m.facts.units.cooperating.length === 0) {
      warnings.push(`${where}: 未注明责任单位`);
    }
    for (const d of m.facts.deadlines) if (!d.date) warnings.push(`${where}: 日期"${d.text}"无法确定具体日期`);
  }
  return { meta, measures, warnings };
}
