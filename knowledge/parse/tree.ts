// Paragraphs → the document's outline. Each numbering form found (第一章, 一、, (一), 1., (1), 1), ①,
// 一是, ——, "措施:" lists, 附件1) is a level; a marker of a form already open returns to that level,
// a new form nests under the current one — so the hierarchy is the one the document uses, whatever
// it is. Tables sit where they stood. Unit lines ("牵头单位:…") go to the item they follow, and up to
// its section when only the last item of the section has them (units stated once for a section).
import { aliasesOf, matchMarker, RE_UNITS_LINE, splitTitle, type Marker, type MarkerKind } from "./numbering.ts";
import { isTableMark } from "./tables.ts";

export interface Node {
  marker: Marker | null;
  levelKind: MarkerKind | "root" | "table" | "task";
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
  /** For a table node: its index in the document's tables. */
  table?: number;
  /** Units stated once after a run of inline items ("一是…二是…(X负责)"): they apply to all of them. */
  shared?: import("../types.ts").UnitsFact;
}

/** Kinds whose nodes are items (their label, not their title, names them in a path). */
export const ITEM_KINDS = new Set<string>(["arabic", "parenArabic", "arabicParen", "circled", "article", "kuan", "xiang", "task"]);

export function newNode(marker: Marker | null, levelKind: Node["levelKind"], parent: Node | null): Node {
  const { title, body } = marker ? splitTitle(marker.content) : { title: "", body: "" };
  const isList = marker?.kind === "list";
  const isArticle = marker?.kind === "article";
  return {
    marker,
    levelKind,
    inline: false,
    // An article has no heading of its own: its first clause names it.
    title: isList ? marker.label : isArticle ? title : title,
    content: marker?.content ?? "",
    afterTitle: isList ? (marker?.content ?? "") : isArticle ? (marker?.content ?? "") : body,
    body: [],
    unitLines: [],
    children: [],
    parent,
  };
}

function shouldJoin(prev: string, next: string): boolean {
  if (isTableMark(prev) || isTableMark(next)) return false;
  if (matchMarker(next) || RE_UNITS_LINE.test(next)) return false;
  // An assignment line ("责任单位:…") ends with its list unless the list visibly goes on.
  if (RE_UNITS_LINE.test(prev) && !/[、,，]$/.test(prev)) return false;
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

/** Unit lines seen after the last of several items belong to the section holding them. */
function liftUnitLines(n: Node): void {
  for (const c of n.children) liftUnitLines(c);
  if (n.levelKind === "root" || n.children.length < 2) return;
  const last = n.children[n.children.length - 1];
  const others = n.children.slice(0, -1).filter((c) => c.levelKind !== "table");
  if (last.unitLines.length && last.children.length === 0 && others.length && others.every((c) => c.unitLines.length === 0) && n.unitLines.length === 0) {
    n.unitLines = last.unitLines;
    last.unitLines = [];
  }
  // The same one level up: the units followed the last list of a section ("量化指标" then "牵头单位:").
  if (last.unitLines.length && last.children.length > 0 && others.every((c) => c.unitLines.length === 0) && n.unitLines.length === 0 && (last.levelKind === "list" || ITEM_KINDS.has(last.levelKind))) {
    n.unitLines = last.unitLines;
    last.unitLines = [];
  }
}

export function buildTree(paragraphs: string[]): Node {
  const root = newNode(null, "root", null);
  const stack: Node[] = [];
  const top = () => stack[stack.length - 1] ?? root;
  for (const p of paragraphs) {
    if (isTableMark(p)) {
      const t = newNode(null, "table", top());
      t.table = Number(p.slice(2));
      top().children.push(t);
      continue;
    }
    if (RE_UNITS_LINE.test(p)) {
      top().unitLines.push(p);
      continue;
    }
    const m = matchMarker(p);
    if (!m) {
      const cur = top();
      // "附件1" then its title on the next line.
      if (cur.levelKind === "attachment" && !cur.title && cur.children.length === 0 && p.length <= 40 && !/[。;,]/.test(p)) cur.title = p;
      else cur.body.push(p);
      continue;
    }
    let kind: MarkerKind = m.kind;
    if (kind === "attachment") stack.length = 0;
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
    const parent = top();
    const node = newNode(m, kind, parent);
    parent.children.push(node);
    stack.push(node);
  }
  liftUnitLines(root);
  return root;
}
