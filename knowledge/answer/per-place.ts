// A question that names no place, over a knowledge base holding several places' policies: when
// the best matches come from different places and state the asked fact differently, the answer
// says so and gives each place's rule with its source ("各地规定不同：…"), or — when too many places
// answer — asks which place is meant. It never picks one district's rule for everyone.
import type { DocumentMeta, Hit, Measure } from "../types.ts";
import type { Aspect } from "../search/query.ts";
import { aspectPhrases, hasAspect } from "../search/aspects.ts";
import { placeKeys } from "../search/places.ts";
import { bestSentences, citationOf, HOTLINE_HINT, sentences, type Answer } from "./extractive.ts";
import { preciseWords } from "../search/tokenize.ts";
import { published } from "../text/published.ts";

/** How close a second place's match must score to the best one to be considered at all. */
const NEAR = 0.5;
// What a question asks for, not what it is about: left out when comparing topics.
const ASKING = /多长时间|多久|几天|多少天|(几|多少)个?工作日|时限|期限|时间|办结|办完|办好|完成|什么时候|何时|材料|资料|哪个部门|哪些部门|哪个单位|谁|负责|牵头|需要|要|能|吗|呢/g;

/**
 * The question's topic words that the best match holds ("企业", "开办"): a second place answers the
 * same question only when the sentence stating its fact holds them all.
 */
function topicTerms(question: string, top: Measure): string[] {
  return [...new Set(preciseWords(question.replace(ASKING, " ")))].filter((w) => w.length >= 2 && top.text.includes(w));
}

function factSentence(m: Measure, asked: Aspect[]): string[] {
  if (m.row) return [m.text];
  const phrases = asked.flatMap((a) => (a === "units" ? m.facts.units.lead : aspectPhrases(m, a)));
  return sentences(m.text).filter((s) => phrases.some((p) => s.includes(p)) || asked.includes("units"));
}
const MAX_PLACES = 4;
/** Facts that differ from place to place and must never be given for the wrong one. */
const PLACE_BOUND: Aspect[] = ["timeLimit", "date", "material", "units"];

const placeName = (m: DocumentMeta) => {
  const r = m.region ?? "";
  // The most local part of "湖北省荆门市华容区": the name a user would recognize.
  const parts = r.match(/[^省市州盟]+?(?:经济技术开发区|开发区|新区|自治县|县|区|旗)$|[^省]+?(?:市|州|盟)$/);
  return parts?.[0] ?? r;
};

function namesAPlace(question: string, docs: DocumentMeta[]): boolean {
  return docs.some((d) => placeKeys(d).some((k) => k.length >= 2 && question.includes(k)));
}

export function perPlaceAnswer(question: string, hits: Hit[], aspects: Aspect[], docs: DocumentMeta[], idf?: (w: string) => number): Answer | null {
  const asked = aspects.filter((a) => PLACE_BOUND.includes(a));
  if (!asked.length || !hits.length) return null;
  const meta = new Map(docs.map((d) => [d.id, d]));
  const regionOf = (m: Measure) => meta.get(m.docId)?.region ?? null;
  const top = hits[0];
  if (!regionOf(top.measure) || namesAPlace(question, docs)) return null;
  const terms = topicTerms(question, top.measure);
  if (!terms.length) return null;
  const byPlace = new Map<string, Hit>();
  for (const h of hits) {
    const region = regionOf(h.measure);
    if (!region || h.score < top.score * NEAR || !asked.some((a) => hasAspect(h.measure, a))) continue;
    if (!factSentence(h.measure, asked).some((s) => terms.every((t) => s.includes(t)))) continue;
    if (!byPlace.has(region)) byPlace.set(region, h);
  }
  if (byPlace.size < 2) return null;
  // The same rule everywhere needs no caveat.
  const facts = [...byPlace.values()].map((h) => asked.flatMap((a) => (a === "units" ? h.measure.facts.units.lead : aspectPhrases(h.measure, a))).join("、"));
  if (new Set(facts).size < 2) return null;
  const chosen = [...byPlace.entries()];
  if (chosen.length > MAX_PLACES) {
    const names = chosen.map(([r]) => placeName(meta.get(byPlace.get(r)!.measure.docId)!)).join("、");
    return {
      text: `这个问题各地规定不同，已收录 ${names} 等地的文件。请问您咨询的是哪个地方？告诉我地名后，我只给出当地的规定。${HOTLINE_HINT}`,
      grounded: false,
      citations: [],
    };
  }
  const lines = chosen.map(([, h], i) => {
    const m = h.measure;
    const d = meta.get(m.docId)!;
    const said = m.row ? m.text : (factSentence(m, asked)[0] ?? bestSentences(m, question, aspects, 1, idf)[0] ?? m.text);
    const quote = published(m, said);
    const stated = asked.flatMap((a) => (a === "units" ? [] : aspectPhrases(m, a).filter((p) => said.includes(p))));
    const units = m.facts.units.lead.length ? `（责任单位：${m.facts.units.lead.join("、")}）` : "";
    return `${i + 1}. ${placeName(d)}${stated.length ? `：${[...new Set(stated)].join("；")}` : ""}${units}——《${m.docTitle}》${m.path.join(" > ")}：“${quote}”`;
  });
  return {
    text: ["各地规定不同（您没有说明是哪个地方，以下分别列出）：", ...lines, `如告诉我您所在的地区，我只给出当地的规定。${HOTLINE_HINT}`].join("\n"),
    grounded: true,
    citations: chosen.map(([, h]) => citationOf(h.measure)),
  };
}
