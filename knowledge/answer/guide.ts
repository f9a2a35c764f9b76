// Answers from service guides (办事指南) for what a guide is for: materials, conditions, fees,
// procedure, place. An element the policies do not state is said to be unknown, never filled in.
import type { Citation } from "../../core/message.ts";
import type { Measure } from "../types.ts";
import { ELEMENT_NAMES, type Guide, type GuideElement } from "../guides/schema.ts";
import { citationOf, HOTLINE_HINT, type Answer } from "./extractive.ts";
import type { Aspect } from "../../core/understanding.ts";
import { asksGuide, detectAspects } from "../../language/index.ts";

const ALL: GuideElement[] = ["implementingBody", "conditions", "materials", "procedure", "statutoryLimit", "promisedLimit", "fees", "placeAndPhone"];

// Which guide elements answer each kind of question (language/tables/asked.json reads the kind).
const BY_ASPECT: Partial<Record<Aspect, GuideElement[]>> = {
  material: ["materials", "conditions"],
  condition: ["conditions", "materials"],
  fee: ["fees"],
  procedure: ["procedure"],
  place: ["placeAndPhone"],
  units: ["implementingBody"],
  timeLimit: ["statutoryLimit", "promisedLimit"],
};
// Asked together with one of the above, these come along: a guide answer covers every part asked.
const ALONG: Aspect[] = ["timeLimit", "units"];

export function guideElementsAsked(question: string): GuideElement[] {
  if (asksGuide(question)) return ALL;
  const aspects = detectAspects(question);
  const primary = aspects.filter((a) => !ALONG.includes(a) && BY_ASPECT[a]);
  if (!primary.length) return [];
  const asked = aspects.flatMap((a) => BY_ASPECT[a] ?? []);
  return ALL.filter((e) => asked.includes(e));
}

export function matchGuide(question: string, guides: Guide[]): Guide | null {
  const q = question.replace(/\s+/g, "");
  let best: { g: Guide; len: number } | null = null;
  for (const g of guides)
    for (const name of [g.service, ...g.aliases])
      if (q.includes(name) && (!best || name.length > best.len)) best = { g, len: name.length };
  return best?.g ?? null;
}

function sourceMeasure(measures: Measure[], doc: string, label: string, quote: string): Measure | undefined {
  return (
    measures.find((m) => m.docId === doc && m.text.includes(quote) && (m.label === label || m.path.includes(label) || m.path.at(-1) === label)) ??
    measures.find((m) => m.docId === doc && m.text.includes(quote))
  );
}

export function guideAnswer(g: Guide, asked: GuideElement[], measures: Measure[]): Answer {
  const lines = [`【${g.service}】办事指南${g.region ? `（${g.region}）` : ""}：`];
  const citations: Citation[] = [];
  let stated = 0;
  for (const el of asked) {
    const v = g[el];
    if (!v) {
      lines.push(`${ELEMENT_NAMES[el]}：政策未载明，请向办理窗口咨询。`);
      continue;
    }
    const m = sourceMeasure(measures, v.source.doc, v.source.label, v.source.quote);
    if (!m) continue; // the source left the knowledge base: do not state it
    stated++;
    lines.push(`${ELEMENT_NAMES[el]}：${v.value}（原文：“${v.source.quote}”，见《${m.docTitle}》${m.path.join(" > ")}）`);
    if (!citations.some((c) => c.doc === m.docId && c.section === m.path.join(" > "))) citations.push(citationOf(m));
  }
  lines.push(HOTLINE_HINT);
  return { text: lines.join("\n"), grounded: stated > 0, citations };
}
