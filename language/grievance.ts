// Is the writer lodging a complaint? Read from general grievance semantics, not from complaint
// sentences: a harm or unmet need (not done, shuffled between offices, fees, fines, attitude,
// promises broken), conduct (a hinted request for a gift, a meal or a favour; an imposed
// intermediary), an actor, how long it has gone on, how often, a demand that someone act — against
// the signs of a question about rules, penalties or channels, a hypothetical, thanks. Every signal is
// an entry of language/tables/grievance.json with its weight; the verdict keeps them as reasons.
import type { Signal } from "../core/understanding.ts";
import { LEXICON, type Table } from "./lexicon/index.ts";

export type GrievanceVerdict = "complaint" | "ambiguous" | "none";

export interface Grievance {
  verdict: GrievanceVerdict;
  score: number;
  /** How far the score is from the nearest line, 0..1 (for confidence). */
  margin: number;
  signals: Signal[];
  reasons: string[];
  /** The message asks something (a real question, not a rhetorical one). */
  asks: boolean;
  /** The message says in so many words that it lodges a complaint (a first-person 投诉 verb, or 举报: heading). */
  explicit: boolean;
  /** Explicit intent but nothing said about what happened. */
  empty: boolean;
}

/** At or above: a ticket at once. */
export const COMPLAINT_AT = 3;
/** At or above (with a harm or conduct signal): ask once whether to register it. */
export const AMBIGUOUS_AT = 1.5;

// Each role counts once per message at most this many times: three harm phrases are strong, ten are
// not ten times stronger.
const ROLE_CAP: Record<string, number> = { harm: 3, conduct: 2, lodge: 1, actor: 1, duration: 1, repeat: 1, demand: 1, negative: 1, narrative: 2 };
const ZH: Record<string, string> = {
  lodge: "明确表示投诉/举报",
  harm: "诉求内容",
  conduct: "干部作风",
  actor: "涉及对象",
  duration: "持续时间",
  repeat: "反复多次",
  demand: "要求处理",
  negative: "负面评价",
  narrative: "讲述经历",
  "rule-topic": "询问规则/处理/渠道",
  gratitude: "致谢/表扬",
  negated: "声明并非投诉",
  info: "了解情况",
};

function signalsOf(table: Table, text: string): Signal[] {
  return table.matchAll(text).map(({ entry, match }) => ({ table: table.name, id: entry.id, weight: entry.weight, match, role: entry.role }));
}

/** The question-form signals of a message (from the question table). */
export function questionSignals(text: string): Signal[] {
  return signalsOf(LEXICON.question, text);
}

/** The phrase is followed by 的 and a noun: it describes a kind of thing rather than telling an event. */
function attributiveUse(text: string, phrase: string): boolean {
  const at = text.indexOf(phrase);
  return at >= 0 && /^的[\u4e00-\u9fff]/.test(text.slice(at + phrase.length, at + phrase.length + 2)) && !/^的(?:话|时候|事)/.test(text.slice(at + phrase.length));
}

export function readGrievance(text: string, questions: Signal[] = questionSignals(text)): Grievance {
  const all = signalsOf(LEXICON.grievance, text);
  const byRole = new Map<string, Signal[]>();
  for (const s of all) {
    const k = s.role ?? "other";
    const list = byRole.get(k) ?? [];
    list.push(s);
    byRole.set(k, list);
  }
  const rhetorical = questions.some((q) => q.role === "rhetorical");
  const interrogative = questions.filter((q) => q.role === "interrogative" || q.role === "why" || q.role === "polite");
  const asks = interrogative.length > 0 && !rhetorical;
  const hypothetical = questions.some((q) => q.role === "hypothetical");
  const has = (role: string) => (byRole.get(role)?.length ?? 0) > 0;
  const core = has("harm") || has("conduct");
  const explicit = has("lodge");

  let score = 0;
  const used: Signal[] = [];
  const reasons: string[] = [];
  for (const [role, list] of byRole) {
    // Rule topics and enquiry frames only weigh against a message that asks something.
    if ((role === "rule-topic" || role === "info") && !asks) continue;
    const top = [...list].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, ROLE_CAP[role] ?? 1);
    for (const s of top) {
      // In a question, a grievance used as a modifier names a kind of thing ("X的部门",
      // "X的单位"): it asks about that kind, it reports nothing that happened.
      const attributive = asks && (role === "harm" || role === "conduct") && attributiveUse(text, s.match);
      const w = attributive ? s.weight * 0.3 : s.weight;
      score += w;
      used.push(attributive ? { ...s, weight: w } : s);
      reasons.push(`${ZH[role] ?? role}: ${s.match}${attributive ? "(修饰语)" : ""}`);
    }
  }
  // A narrative of one's own case (first person, how long, what did not happen) that ends in a question
  // is still a grievance; a question without one asks about the world.
  const told = core && (has("duration") || has("repeat") || has("narrative"));
  // "为什么又涨价了?": a why-question about what happened is a grievance in question form.
  const whys = interrogative.filter((q) => q.role === "why").map((q) => q.match);
  const onlyWhy = whys.length > 0 && interrogative.every((q) => q.role === "why" || whys.some((w) => w.includes(q.match)));
  if (asks) {
    const penalty = onlyWhy ? 0.5 : told && !has("rule-topic") ? 0.75 : 1.5;
    score -= penalty;
    reasons.push(`提问形式(-${penalty})`);
  }
  if (rhetorical) {
    score += 1;
    reasons.push("反问(不满)");
  }
  if (hypothetical) {
    score -= 2;
    reasons.push("假设情形");
  }
  // The intent and nothing else: no grievance to register yet.
  const rest = text.replace(/我们?|本人|要|想|实名|匿名|投诉|举报|反映|一下|问题|情况|[\s\p{P}]/gu, "");
  const empty = explicit && rest.length < 4;

  // Telling (not asking) what an office or its staff did is itself a sign.
  if (!asks && core && has("actor")) {
    score += 0.5;
    reasons.push("陈述对方做法");
  }
  // A question that tells nothing of the writer's own case, lodges nothing, demands nothing and names
  // a single harm can be a grievance in question form ("为什么又涨价了?"), but not certainly: at most ask.
  const harms = (byRole.get("harm")?.length ?? 0) + (byRole.get("conduct")?.length ?? 0);
  const mayTicket = explicit || !asks || told || has("demand") || (harms >= 2 && !has("rule-topic")) || harms >= 3;
  // No harm named in words the tables know, yet a story of waiting or chasing told with feeling
  // (how long, how often, a demand, a judgement): signs of a grievance from two kinds at least.
  const kinds = ["duration", "repeat", "demand", "negative"].filter(has).length;
  const storied = !core && !asks && kinds >= 2 && (has("narrative") || has("actor"));
  let verdict: GrievanceVerdict = "none";
  // "如果…超时了，企业可以怎么办": a question about a supposed case asks about the rules, whatever it names.
  if (hypothetical && asks && !explicit) verdict = "none";
  else if (explicit && !empty && score >= COMPLAINT_AT - 0.5) verdict = "complaint";
  else if ((core || storied) && score >= COMPLAINT_AT && mayTicket) verdict = "complaint";
  else if ((core || explicit || storied) && score >= AMBIGUOUS_AT) verdict = "ambiguous";
  const line = verdict === "complaint" ? COMPLAINT_AT : AMBIGUOUS_AT;
  const margin = Math.min(1, Math.abs(score - line) / 3);
  return { verdict, score, margin, signals: used, reasons, asks, explicit, empty };
}

/** The complaint category (tickets/detect.ts CATEGORIES), by the categories table's priority. */
export function categoryOf(text: string): string | null {
  const hits = LEXICON.categories.matchAll(text).sort((a, b) => b.entry.weight - a.entry.weight);
  return hits[0]?.entry.role ?? null;
}
