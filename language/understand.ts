// understand(message, conversation): what a message is, computed once at the head of the pipeline.
// The order of the checks is the order of precedence: a reply to what the bot just asked, a request
// for its instructions, small talk, a complaint, a question about the complaint process, and
// otherwise a policy question (possibly a follow-up that inherits the kept topic).
import type { Aspect, Signal, Understanding } from "../core/understanding.ts";
import type { Conversation } from "../core/conversation.ts";
import { LEXICON, type Table } from "./lexicon/index.ts";
import { readMessage } from "./normalize.ts";
import { detectAspects } from "./aspects.ts";
import { readGrievance, questionSignals, type Grievance } from "./grievance.ts";
import { readSmalltalk } from "./smalltalk.ts";
import type { Language } from "./language.ts";

const CN_DIGIT: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

function signals(table: Table, text: string): Signal[] {
  return table.matchAll(text).map(({ entry, match }) => ({ table: table.name, id: entry.id, weight: entry.weight, match, role: entry.role }));
}

function base(text: string, lang: Language): Omit<Understanding, "intent" | "confidence" | "reasons" | "signals"> {
  const { text: query, corrections } = lang.correct(text);
  const asked = detectAspects(query);
  const ex = lang.thesaurus.expand(query);
  return {
    text,
    query,
    asked,
    topicTerms: lang.vocabulary.terms(query),
    expansions: ex.terms,
    synonyms: ex.hits.map((h) => ({ term: h.term, official: h.official })),
    ...(corrections.length ? { corrections } : {}),
  };
}

/** A number or ordinal answering "您是不是想问：1.… 2.…". */
function pickOf(text: string): number | null {
  const e = LEXICON.conversation.byId.get("pick-number")!;
  for (const p of e.patterns ?? []) {
    const m = new RegExp(p).exec(text.trim());
    if (m) return /\d/.test(m[1]) ? Number(m[1]) : (CN_DIGIT[m[1]] ?? null);
  }
  return null;
}

const roleOf = (text: string, role: string) => LEXICON.conversation.entries.find((e) => e.role === role && e.match(text) !== null);

/** Process topics in the order a reply answers them when several are asked. */
const PROCESS_ORDER = ["withdraw", "progress", "anonymity", "retaliation", "supplement", "rating", "evidence", "time", "channel"];

function processTopic(text: string, g: Grievance): string | null {
  if (g.verdict !== "none" || !g.asks) return null;
  const hits = LEXICON.process.matchAll(text);
  if (!hits.some((h) => h.entry.role === "mention")) return null;
  const roles = hits.map((h) => h.entry.role!).filter((r) => r !== "mention");
  return PROCESS_ORDER.find((r) => roles.includes(r)) ?? null;
}

/**
 * A follow-up leans on the kept topic: it marks itself as one (那…, …呢, 这个…) or names nothing the
 * corpus knows beyond what it asks. A question that names a topic of its own starts a new one; one
 * that names something the corpus has never heard of (那办护照呢?) is judged on its own, and refused.
 */
function followupQuery(u: ReturnType<typeof base>, c: Conversation | null, lang: Language): { query: string; asked: Aspect[] } | null {
  const topic = c?.topic;
  if (!topic) return null;
  const own = u.topicTerms.filter((t) => !topic.terms.includes(t));
  const foreign = own.filter((t) => t.length >= 2 && !lang.vocabulary.known(t));
  if (foreign.length) return null;
  const marked = roleOf(u.text, "followup") !== undefined;
  const substantive = own.filter((t) => t.length >= 2 && lang.vocabulary.frequency(t) > 0);
  if (!marked && substantive.length > 0) return null;
  if (marked && substantive.length >= 3) return null;
  const asked = u.asked.includes("general") ? topic.asked : u.asked;
  return { query: `${topic.terms.join(" ")} ${u.query}`.trim(), asked };
}

export function understand(message: string, conversation: Conversation | null, lang: Language): Understanding {
  const text = readMessage(message);
  const u = base(text, lang);
  const pending = conversation?.pending;
  const done = (intent: Understanding["intent"], confidence: number, reasons: string[], sig: Signal[] = [], extra: Partial<Understanding> = {}): Understanding => ({
    ...u,
    intent,
    confidence,
    reasons,
    signals: sig,
    ...extra,
  });

  // 1. A reply to what the bot asked or offered last.
  if (pending?.kind === "suggest") {
    const n = pickOf(text);
    if (n !== null && n >= 1 && n <= pending.options.length) return done("pick", 0.95, [`选择建议第${n}项`], [], { pick: n });
  }
  if (pending && (pending.kind === "confirm-complaint" || pending.kind === "withdraw")) {
    if (roleOf(text, "yes")) return done("confirm", 0.9, ["确认"]);
    if (roleOf(text, "no")) return done("deny", 0.9, ["不用了"]);
  }
  if (conversation?.lastTicket) {
    const w = roleOf(text, "withdraw");
    if (w && !/[?？吗]/.test(text)) return done("withdraw", 0.85, ["撤销刚登记的工单"], [{ table: "conversation", id: w.id, weight: 1, match: w.match(text)!, role: "withdraw" }]);
    const s = roleOf(text, "supplement");
    if (s) return done("supplement", 0.85, ["补充刚登记的工单"], [{ table: "conversation", id: s.id, weight: 1, match: s.match(text)!, role: "supplement" }]);
  }
  const mine = roleOf(text, "mine");
  if (mine) return done("my_tickets", 0.9, ["查询自己的工单"]);

  // 2. Requests for the bot's instructions are never searched.
  const meta = signals(LEXICON.meta, text).filter((s) => s.role === "meta");
  if (meta.length) return done("meta", 0.95, ["索要或改变机器人设定"], meta);

  // 3. A whole message of small talk.
  const small = readSmalltalk(text);
  if (small) return done("smalltalk", 0.95, [`寒暄: ${small.kind}`], small.signals, { smalltalk: small.kind });

  // 4. A grievance.
  const questions = questionSignals(text);
  const g = readGrievance(text, questions);
  const sig = [...questions, ...g.signals];
  if (g.verdict === "complaint") return done("complaint", 0.6 + 0.4 * g.margin, g.reasons, sig);
  if (g.empty) return done("maybe_complaint", 0.5, [...g.reasons, "只有投诉意向,未说明事由"], sig);
  if (g.verdict === "ambiguous") return done("maybe_complaint", 0.5 - 0.3 * g.margin, [...g.reasons, "像投诉但不确定"], sig);

  // 5. A question about how this platform handles complaints.
  const proc = processTopic(text, g);
  if (proc) return done("process", 0.8, [`询问投诉办理规则: ${proc}`], sig, { process: proc });

  // 6. Thanks or praise with a few words more (an outcome and a thank-you) and nothing asked.
  if (!g.asks && g.signals.some((s) => s.role === "gratitude")) return done("smalltalk", 0.7, ["致谢/表扬"], sig, { smalltalk: "thanks" });

  // 7. A policy question, maybe leaning on the kept topic.
  const f = followupQuery(u, conversation, lang);
  if (f) {
    const ex = lang.thesaurus.expand(f.query);
    return {
      ...done("question", 0.7, ["追问,沿用上文话题"], sig),
      query: f.query,
      asked: f.asked,
      followup: true,
      topicTerms: lang.vocabulary.terms(f.query),
      expansions: ex.terms,
      synonyms: ex.hits.map((h) => ({ term: h.term, official: h.official })),
    };
  }
  return done("question", g.score <= 0 ? 0.9 : 0.75, g.reasons.length ? [...g.reasons, "按政策咨询处理"] : ["政策咨询"], sig);
}
