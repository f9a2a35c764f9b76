// The head of the pipeline after the guards: the message is understood once (language/understand.ts)
// and the reading is carried in ctx.state.understanding; every feature after routes on it. With an
// LLM configured, a borderline reading — complaint or question? — gets a second opinion; the model's
// failure or silence keeps the rules' reading.
import type { Understanding } from "../core/understanding.ts";
import type { AppContext, AppFeature, AppMiddleware } from "./deps.ts";
import { understand } from "../language/index.ts";
import { parseCommand } from "../tickets/chat-commands.ts";

const LABELS = { complaint: "投诉举报", question: "政策咨询", other: "其他" } as const;

/** The reading of the current message (computed here when no earlier middleware did). */
export function understandingOf(ctx: AppContext): Understanding {
  ctx.state.understanding ??= understand(ctx.msg.text, ctx.state.conversation ?? null, ctx.deps.language.for(ctx.deps.kb.current().index.vocabulary));
  return ctx.state.understanding;
}

/** Complaint or question, where the rules were not sure: a score near a line, or grievance words in a question. */
function borderline(u: Understanding): boolean {
  if (u.intent === "maybe_complaint") return !u.reasons.some((r) => r.includes("未说明事由"));
  if (u.intent === "complaint") return u.confidence < 0.7 && !u.signals.some((s) => s.role === "lodge");
  if (u.intent === "question") return u.signals.some((s) => s.role === "harm" || s.role === "conduct");
  return false;
}

async function secondOpinion(ctx: AppContext, u: Understanding): Promise<Understanding> {
  const llm = ctx.deps.llm;
  if (!llm?.classify || !borderline(u)) return u;
  try {
    const label = await llm.classify(ctx.msg.text, Object.values(LABELS));
    if (label === LABELS.complaint && u.intent !== "complaint") return { ...u, intent: "complaint", confidence: 0.7, reasons: [...u.reasons, "模型判断:投诉举报"] };
    if ((label === LABELS.question || label === LABELS.other) && u.intent !== "question")
      return { ...u, intent: "question", confidence: 0.7, reasons: [...u.reasons, `模型判断:${label}`] };
  } catch (err) {
    ctx.deps.log.warn({ err }, "LLM intent second opinion failed; keeping the rules' reading");
  }
  return u;
}

export const understandMessage = (): AppMiddleware => async (ctx, next) => {
  const u = understandingOf(ctx);
  // Chat commands are exact syntax: no model is asked about them.
  if (!parseCommand(ctx.msg.text)) ctx.state.understanding = await secondOpinion(ctx, u);
  await next();
};

/** First after the guards: every later feature reads ctx.state.understanding. */
export const understandFeature: AppFeature = (app) => app.use(understandMessage());
