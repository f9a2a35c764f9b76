// Questions about a plan's structure (its stages, its safeguards) are answered with the
// section's parts, as the document names them, rather than with one item inside it.
import type { Citation } from "../../core/message.ts";
import type { Measure } from "../types.ts";
import { preciseWords } from "../search/tokenize.ts";
import { asksParts } from "../../language/index.ts";
import { citationOf, HOTLINE_HINT, type Answer } from "./extractive.ts";

// Only questions about the parts of a plan (language/tables/question.json "parts"). Questions about what
// an item lists are answered from the item's own sentence.
// A heading is worth listing when it says something beyond its marker: "(二)集中整治阶段", not "3".
const TEXTUAL = /[\u4e00-\u9fff]{2,}/;
const MARKER = /^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．]?)/;

function headingText(h: string): string {
  return h.replace(MARKER, "");
}

function compose(top: Measure, prefix: string[], kids: string[], under: Measure[]): Answer {
  const firstOf = kids.map((k) => under.find((m) => m.path[prefix.length] === k)!);
  const citations: Citation[] = firstOf.slice(0, 8).map(citationOf);
  const where = prefix.length ? prefix.join(" > ") : "全文";
  const text = [
    `根据《${top.docTitle}》${where}，共 ${kids.length} 项：`,
    ...kids.map((k, i) => `${i + 1}. ${headingText(k)}`),
    `各项的具体要求可继续提问，例如“${headingText(kids[0])}有哪些要求？”。来源：《${top.docTitle}》${where}。${HOTLINE_HINT}`,
  ].join("\n");
  return { text, grounded: true, citations };
}

export function outlineAnswer(question: string, top: Measure, docMeasures: Measure[], idf: (w: string) => number): Answer | null {
  if (!asksParts(question)) return null;
  const words = preciseWords(question).filter((w) => w.length >= 2 && idf(w) > 1);
  if (!words.length) return null;
  // Sections along the top item's path, nearest first: one whose own heading, or whose parts'
  // headings, carry a word of the question.
  const partsOf = (prefix: string[]) => {
    const under = docMeasures.filter((m) => prefix.every((p, i) => m.path[i] === p) && m.path.length > prefix.length);
    const kids = [...new Set(under.map((m) => m.path[prefix.length]))].filter((k) => k !== "概述");
    return { under, kids, textual: kids.length >= 2 && kids.every((k) => TEXTUAL.test(headingText(k))) };
  };
  for (let depth = top.path.length - 1; depth >= 1; depth--) {
    const here = top.path.slice(0, depth);
    // A family of parts the question names ("哪几个阶段" → "(一)安排部署阶段", "(二)集中整治阶段").
    const up = here.slice(0, -1);
    const family = partsOf(up);
    if (family.textual && family.kids.filter((k) => words.some((w) => k.includes(w))).length >= 2) return compose(top, up, family.kids, family.under);
    // The section the question names ("保障措施"): its parts, or nothing when they are only numbers
    // ("量化指标" → 1, 2, 3…) — then the ordinary answer quotes the items themselves.
    if (words.some((w) => here[depth - 1].includes(w))) {
      const p = partsOf(here);
      return p.textual ? compose(top, here, p.kids, p.under) : null;
    }
  }
  return null;
}
