// The answer without an LLM: the best measure's own sentence, the facts it states for what was
// asked, its responsible units, and the citation. Every number comes from the quoted text.
import type { Citation } from "../../core/message.ts";
import type { Hit, Measure } from "../types.ts";
import type { Aspect } from "../search/query.ts";
import { bigrams, words } from "../search/tokenize.ts";
import { aspectPhrases } from "../search/aspects.ts";
import { published } from "../text/published.ts";
import { isListQuestion, isYesNo, stripAsked } from "../../language/index.ts";

export interface Answer {
  text: string;
  grounded: boolean;
  citations: Citation[];
}

export const HOTLINE_HINT = "如需进一步确认，请咨询政务服务中心窗口，或拨打12345政务服务便民热线。";

export function citationOf(m: Measure): Citation {
  return { doc: m.docId, title: m.docTitle, section: m.path.join(" > "), text: m.text, measureId: m.id };
}

const OPEN = "(（“‘《「";
const CLOSE = ")）”’》」";

/**
 * Sentences at 。；！？ and line breaks — but not inside brackets or quotes, where policies list
 * items with semicolons ("五服务"(群众上门,热情服务;…)).
 */
export function sentences(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of text) {
    if (ch === "\n") {
      out.push(cur);
      cur = "";
      depth = 0;
      continue;
    }
    cur += ch;
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && "。；;!！?？".includes(ch)) {
      out.push(cur);
      cur = "";
    }
  }
  out.push(cur);
  // "推行A。(X负责,2025年6月底前完成)": a bracket that dates the task before it closes that sentence.
  const merged: string[] = [];
  for (const s of out.map((x) => x.trim()).filter((x) => x.length > 1)) {
    if (merged.length && DATING_BRACKET.test(s)) merged[merged.length - 1] += s;
    else merged.push(s);
  }
  return merged;
}

const DATING_BRACKET = /^[(（][^()（）]*(月底|年底|月末|年末|旬|前完成|底前|日前|完成时限|完成时间|持续推进|长期坚持)[^()（）]*[)）][。;]?$/;

type Idf = (w: string) => number;

// The thesaurus's official terms travel with the question after this mark: they help choose the
// sentence, at a fraction of the weight of the user's own words.
const HINTS = "\u0001";
const HINT_WEIGHT = 0.3;

/** The question with official terms to prefer sentences by ("开公司…" + 企业开办). */
export function withHints(question: string, hints: string[]): string {
  return hints.length ? `${question}${HINTS}${hints.join(" ")}` : question;
}

/** How strongly a sentence is about what the question names (IDF-weighted shared words + bigrams). */
function topicScorer(question: string, idf: Idf): (s: string) => number {
  const [own, hinted = ""] = question.split(HINTS);
  const qw = new Set(words(own));
  const qg = new Set(bigrams(own));
  const hw = new Set(words(hinted).filter((w) => !qw.has(w)));
  return (s) => {
    let score = 0;
    // A number the user typed (a year, a count) pins the sentence down more than any topic word.
    for (const w of new Set(words(s))) {
      if (qw.has(w)) score += idf(w) * (/^\d+$/.test(w) ? 6 : Math.min(w.length, 3));
      else if (hw.has(w)) score += HINT_WEIGHT * idf(w) * Math.min(w.length, 3);
    }
    for (const g of new Set(bigrams(s))) if (qg.has(g)) score += 1;
    return score;
  };
}

const NEG = "(?:无|没有|不需要?|不涉及|未|不用|不拉|不做|不接)";
const POS = "(?:有|需要?|涉及|要做|要拉|要接|要走|带)";

/**
 * Conditions the question states with a polarity ("有外线工程", "不需要审批"): a sentence stating the
 * same condition the other way round answers a different case and must not be quoted for this one.
 */
function polarityClash(question: string): (s: string) => boolean {
  const neg = [...question.matchAll(new RegExp(`${NEG}([\u4e00-\u9fff]{2,4})`, "g"))].map((x) => x[1].slice(0, 2));
  const pos = [...question.matchAll(new RegExp(`(?<![无没不未])${POS}([\u4e00-\u9fff]{2,4})`, "g"))].map((x) => x[1].slice(0, 2)).filter((x) => !neg.includes(x));
  if (!neg.length && !pos.length) return () => false;
  return (s) =>
    pos.some((x) => new RegExp(`${NEG}${x}`).test(s)) || neg.some((x) => new RegExp(`(?<![无没不未])${POS}${x}`).test(s) && !new RegExp(`${NEG}${x}`).test(s));
}

/** "无外线工程的" / "有外线工程且…": the condition a sentence opens with, and its polarity. */
function caseOf(s: string): { key: string; positive: boolean } | null {
  const m = new RegExp(`^(?:[^,，;；。]{0,12}[,，])?(${NEG}|${POS})([\u4e00-\u9fff]{2,6}?)(?:的|且|并|时|[,，])`).exec(s);
  if (!m) return null;
  return { key: m[2].slice(0, 2), positive: !new RegExp(`^${NEG}$`).test(m[1]) };
}

/** The sentences of a measure that best match the question, in document order. */
export function bestSentences(m: Measure, question: string, aspects: Aspect[], max = 2, idf: Idf = () => 2): string[] {
  const all = sentences(m.text);
  if (all.length <= 1) return all;
  const topic = topicScorer(question, idf);
  const clash = polarityClash(question);
  const phrases = aspects.flatMap((a) => aspectPhrases(m, a));
  const listing = isListQuestion(question);
  const unitLine = (s: string) => /^[(（]?(责任单位|牵头单位)/.test(s);
  const scored = all.map((s, i) => {
    let score = topic(s);
    if (phrases.some((p) => s.includes(p))) score += 6;
    if (clash(s)) score -= 100;
    // A question for a list is answered by the sentence that lists them.
    if (listing && (s.match(/[、；;]/g)?.length ?? 0) >= 2) score += 6;
    // The trailing "(责任单位:…)" sentence is stated separately.
    if (unitLine(s)) score -= 100;
    return { s, i, score };
  });
  const byIndex = [...scored];
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  const top = scored[0];
  // A second sentence when it is nearly as relevant, a third only when it is as relevant as the first.
  const picked = [top, ...scored.slice(1, max).filter((x, i) => x.score > 0 && x.score >= top.score * (i === 0 ? 0.6 : 0.85))];
  const has = (i: number) => picked.some((p) => p.i === i);
  // An item's first sentence is often only its heading ("建立“1+1+N”化解机制。"): what it is follows.
  if (picked.length === 1 && top.i === 0 && top.s.length <= 24 && all.length > 1 && !unitLine(all[1]) && !clash(all[1])) picked.push(byIndex[1]);
  // The text distinguishes cases (无X的… ; 有X的…) and the question names neither: both.
  for (const p of [...picked]) {
    const c = caseOf(p.s);
    if (!c || question.includes(c.key)) continue;
    for (const x of byIndex) {
      const o = caseOf(x.s);
      if (o && o.key === c.key && o.positive !== c.positive && !has(x.i) && !unitLine(x.s)) picked.push(x);
    }
  }
  // A count of things asked for ("N项X"): every sentence naming X, when the item lists them one by one.
  if (listing) {
    const key = listedNoun(question);
    if (key) for (const x of byIndex) if (x.s.includes(key) && !has(x.i) && !unitLine(x.s) && !clash(x.s) && picked.length < 6) picked.push(x);
  }
  return picked.sort((a, b) => a.i - b.i).map((x) => x.s);
}

/** The noun a list question counts ("三项清单" → 清单, "五大监督机制" → 机制). */
function listedNoun(question: string): string | null {
  const m = /(?:[几一二两三四五六七八九十]|\d)+(?:项|个|大|类|条|张|种)([\u4e00-\u9fff]{2,8}?)(?:是|有|都|分别|包括|指|[?？]|$)/.exec(question);
  return m ? m[1].slice(-2) : null;
}



/** Aspects whose facts must never be guessed: a measure that names the topic without them does not answer. */
const STRICT: Aspect[] = ["timeLimit", "date", "material"];

/**
 * True when the question asks for a time limit/date/material and the measure states one only for
 * other things (e.g. it mentions 不动产登记 but its time limits are for 用水报装).
 */
export function factNotStated(m: Measure, question: string, aspects: Aspect[], idf: Idf = () => 2): boolean {
  // A yes/no question asks whether a rule exists, not for a value.
  if (isYesNo(question) && !aspects.some((a) => a === "timeLimit" || a === "date" || a === "target")) return false;
  const strict = aspects.filter((a) => STRICT.includes(a));
  if (!strict.length || strict.length < aspects.filter((a) => a !== "general" && a !== "units").length) return false;
  // Judge the topic without the words that only say what kind of fact is asked (工作日, 之前…):
  // every time-limit sentence shares those.
  const topic = topicScorer(stripAsked(question), idf);
  // A table row is one statement: its 承诺时限 cell is about its 事项 cell.
  const all = m.row ? [m.text] : sentences(m.text);
  const best = Math.max(0, ...all.map(topic));
  const phrases = strict.flatMap((a) => aspectPhrases(m, a));
  // A year or month named in the sentence answers "when" even when it is no deadline ("2012年以来").
  const datedLike = strict.includes("date") ? /\d{4}年|\d{1,2}月/ : null;
  // A section heading can carry the date ("(二)集中整治阶段(2018年2月至12月)").
  if (datedLike?.test(m.path.join(" "))) return false;
  const withFact = all.filter((s) => phrases.some((p) => s.includes(p)) || (datedLike?.test(s) ?? false));
  if (!withFact.length) return true;
  return Math.max(...withFact.map(topic)) < best * 0.35;
}

/**
 * When the best sentences hold none of the asked facts but the measure does, the sentence holding
 * one (the one closest to the question, never a contradicting case) joins the quote.
 */
function withFactSentences(m: Measure, question: string, aspects: Aspect[], quote: string[], idf: Idf = () => 2): string[] {
  const all = sentences(m.text);
  // Judged without the aspect words (工作日, 多少…), which every fact sentence shares.
  const topic = topicScorer(stripAsked(question), idf);
  const clash = polarityClash(question);
  const best = Math.max(0, ...all.map(topic));
  const extra = new Set<string>();
  for (const a of aspects) {
    const ps = aspectPhrases(m, a);
    if (!ps.length || ps.some((p) => quote.some((q) => q.includes(p)))) continue;
    // Only a sentence about the same thing: "压减办电时间" does not make 用水报装's 3个工作日 an answer.
    const holding = all.filter((x) => ps.some((p) => x.includes(p)) && !clash(x) && topic(x) >= best * 0.35 && topic(x) > 0);
    if (!holding.length) continue;
    extra.add(holding.reduce((b, x) => (topic(x) > topic(b) ? x : b)));
  }
  if (!extra.size) return quote;
  const keep = new Set([...quote, ...extra]);
  return all.filter((x) => keep.has(x));
}

/** "不超过3个工作日（无外线工程的,用水用气办理报装时间）": the limit as the document words it, with what it applies to. */
function describeLimit(m: Measure, text: string): string {
  const f = m.facts.timeLimits.find((x) => x.text === text);
  if (!f) return text;
  const verb = f.verb === "不超过" && !text.startsWith("不超过") ? "不超过" : "";
  const subject = f.subject.replace(/^[,，;；、\s]+|[,，;；、\s]+$/g, "");
  const about = subject && subject.length <= 40 && !subject.includes(text) ? `（${subject}）` : "";
  return `${verb}${text}${about}`;
}

const LABEL: Partial<Record<Aspect, string>> = {
  timeLimit: "时限",
  date: "完成时间",
  target: "目标要求",
  frequency: "频次",
  material: "材料/条件",
};

export function composeAnswer(question: string, hits: Hit[], aspects: Aspect[], idf?: (w: string) => number): Answer {
  const m = hits[0].measure;
  // A table row is quoted whole ("事项：…；承诺时限：…"): its cells only make sense together.
  const quote = m.row ? [m.text] : withFactSentences(m, question, aspects, bestSentences(m, question, aspects, 3, idf), idf);
  const quoted = quote.join("");
  const lines: string[] = [];
  for (const a of aspects) {
    const label = LABEL[a];
    if (!label) continue;
    // Only facts the quote shows: a fact listed without its sentence could belong to another case.
    const ps = [...new Set(aspectPhrases(m, a).filter((p) => quoted.includes(p)))];
    if (!ps.length) continue;
    if (a === "timeLimit") lines.push(`${label}：${ps.map((p) => describeLimit(m, p)).join("；")}`);
    else lines.push(`${label}：${ps.join("；")}`);
  }
  const { lead, cooperating } = m.facts.units;
  if (lead.length) lines.push(`责任单位：${lead.join("、")}${cooperating.length ? `；配合单位：${cooperating.join("、")}` : ""}`);
  else if (aspects.includes("units")) lines.push("责任单位：该条目未写明责任单位");

  const head = `根据《${m.docTitle}》${m.path.join(" > ")}：`;
  const body = [head, `“${quote.map((x) => published(m, x)).join("…") || published(m, m.text)}”`, ...lines];
  const citations = [citationOf(m)];
  const also = hits
    .slice(1, 3)
    .filter((h) => h.score >= hits[0].score * 0.85 && h.measure.docId !== m.docId || h.score >= hits[0].score * 0.95)
    .filter((h) => aspects.some((a) => aspectPhrases(h.measure, a).length > 0));
  for (const h of also.slice(0, 1)) {
    const s = published(h.measure, h.measure.row ? h.measure.text : bestSentences(h.measure, question, aspects, 1, idf)[0]);
    body.push(`另见《${h.measure.docTitle}》${h.measure.path.join(" > ")}：“${s}”`);
    citations.push(citationOf(h.measure));
  }
  body.push(`来源：《${m.docTitle}》${m.path.at(-1) ?? ""}。${HOTLINE_HINT}`);
  return { text: body.join("\n"), grounded: true, citations };
}

/** The knowledge base names the topic but states no such fact for it: say so, point to the source. */
export function notStatedAnswer(m: Measure, aspects: Aspect[]): Answer {
  const what = aspects.includes("timeLimit") ? "办理时限" : aspects.includes("date") ? "完成时间" : "申请材料";
  return {
    text: `已收录的政策提到了相关事项（《${m.docTitle}》${m.path.join(" > ")}），但没有写明它的${what}，我不能替文件作出规定。${HOTLINE_HINT}`,
    grounded: false,
    citations: [citationOf(m)],
  };
}

/** Why a question is not answered; each is worded for its case. */
export type RefusalKind = "not_found" | "meta" | "empty" | "personal" | "foreign" | "not_stated";

export function refusalAnswer(kind: Exclude<RefusalKind, "not_stated">, foreign: string[] = []): Answer {
  const what = foreign.length ? `“${foreign.slice(0, 2).join("”“")}”` : "";
  const text =
    kind === "meta"
      ? "我是政务帮，只依据已收录的营商环境政策，回答办事材料、办理时限、责任单位等问题，不讨论自身设定。请直接描述您要咨询的事项。"
      : kind === "empty"
        ? "您好，请直接输入要咨询的问题，例如“刻公章收钱吗？”；如需投诉，请说明具体情况。"
        : kind === "personal"
          ? "这属于个人事务，不在政务帮解答的范围内：我只依据已收录的营商环境政策，解答企业办事的材料、时限、责任单位等问题。个人事项请咨询相关部门，或拨打12345政务服务便民热线。"
          : kind === "foreign"
            ? `已收录的营商环境政策没有涉及${what || "这方面"}的规定，我不能凭猜测回答。这类事项请咨询主管部门或政务服务中心窗口，也可以拨打12345政务服务便民热线。`
            : `抱歉，政务帮的知识库（已收录的营商环境政策）中没有找到能回答这个问题的规定，我不能凭猜测给出时限、材料或责任单位。${HOTLINE_HINT}`;
  return { text, grounded: false, citations: [] };
}
