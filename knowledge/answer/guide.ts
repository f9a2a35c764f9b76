// Answers from service guides (办事指南) for what a guide is for: materials, conditions, fees,
// procedure, place. An element the policies do not state is said to be unknown, never filled in.
import type { Citation } from "../../core/message.ts";
import type { Measure } from "../types.ts";
import { ELEMENT_NAMES, type Guide, type GuideElement } from "../guides/schema.ts";
import { citationOf, HOTLINE_HINT, type Answer } from "./extractive.ts";

const ASKS: [GuideElement[], RegExp][] = [
  [["materials", "conditions"], /材料|资料|要件|证件|带什么|提交什么|准备什么|条件/],
  [["fees"], /收费|费用|多少钱|要钱|花钱|免费|交钱|缴费/],
  [["procedure"], /流程|步骤|程序|怎么办理|如何办理|怎么申请|如何申请|怎么办/],
  [["placeAndPhone"], /在哪|哪里办|地点|地址|电话|窗口在/],
  [["implementingBody"], /哪个部门|谁办|哪里受理|实施机关|受理单位/],
];

const ALL: GuideElement[] = ["implementingBody", "conditions", "materials", "procedure", "statutoryLimit", "promisedLimit", "fees", "placeAndPhone"];

export function guideElementsAsked(question: string): GuideElement[] {
  if (/办事指南|办理指南|服务指南/.test(question)) return ALL;
  const asked = ASKS.filter(([, re]) => re.test(question)).flatMap(([els]) => els);
  if (!asked.length) return [];
  // "要多久，需要什么材料，谁负责？": a guide answer covers every part of the question.
  if (/多久|几天|多长时间|时限|期限|多少天|几个工作日|办结/.test(question)) asked.push("statutoryLimit", "promisedLimit");
  if (/谁负责|负责|牵头|哪些单位|哪个单位/.test(question)) asked.push("implementingBody");
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
      lines.push(`${ELEMENT_NAMES[el]}：政策文件未载明，请向办理窗口咨询。`);
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
