// Policy questions: the knowledge base answers, suggests the closest items, or refuses, from one
// calibrated confidence. With an LLM configured, a question the knowledge base could not answer
// outright is first restated in the policies' terms and asked again, and an answer is rewritten
// from the cited passages — checked against them, and dropped for the extractive one when it strays.
import type { AppContext, AppFeature, AppMiddleware } from "./deps.ts";
import type { Reply } from "../core/message.ts";
import type { Understanding } from "../core/understanding.ts";
import type { AskResult } from "../knowledge/service.ts";
import { answerWithLlm } from "../knowledge/answer/llm.ts";
import { understand } from "../language/index.ts";
import { understandingOf } from "./understand.ts";

const RANK = { answer: 2, suggest: 1, refuse: 0 } as const;

/** The colloquial question restated by the model, asked again; the better of the two results wins. */
async function withRewrite(ctx: AppContext, u: Understanding, first: AskResult): Promise<{ a: AskResult; u: Understanding }> {
  const llm = ctx.deps.llm;
  if (!llm?.rewrite || first.outcome === "answer" || first.refusal === "meta" || first.refusal === "empty") return { a: first, u };
  try {
    const restated = (await llm.rewrite(u.text, ctx.state.conversation?.topic?.query)).trim();
    if (!restated || restated === u.text) return { a: first, u };
    const lang = ctx.deps.language.for(ctx.deps.kb.current().index.vocabulary);
    const u2 = { ...understand(restated, null, lang), intent: "question" as const };
    const second = await ctx.deps.kb.ask(u2);
    if (RANK[second.outcome] > RANK[first.outcome] || (second.outcome === first.outcome && second.confidence > first.confidence + 0.05)) {
      ctx.deps.log.info({ restated }, "question restated by the LLM before retrieval");
      return { a: second, u: { ...u2, text: u.text } };
    }
  } catch (err) {
    ctx.deps.log.warn({ err }, "LLM question rewrite failed; keeping the first retrieval");
  }
  return { a: first, u };
}

export function askReply(a: AskResult, text: string = a.text): Reply {
  return {
    intent: "question",
    outcome: a.outcome,
    confidence: a.confidence,
    offered: a.offered,
    text,
    grounded: a.grounded,
    citations: a.citations,
    ticket: null,
    pushes: [],
  };
}

/** Asks the knowledge base and, with an LLM, rewrites the answer from the cited passages (checked). */
export async function answerQuestion(ctx: AppContext, u: Understanding): Promise<{ a: AskResult; reply: Reply; u: Understanding }> {
  const { kb, llm, log } = ctx.deps;
  const asked = await withRewrite(ctx, u, await kb.ask(u));
  const a = asked.a;
  let text = a.text;
  if (llm && a.outcome === "answer" && a.grounded) {
    const r = await answerWithLlm(llm, u.text, a.citations, () => a.text);
    if (r.rejected?.length) log.warn({ rejected: r.rejected }, "LLM answer replaced by the extractive one");
    text = r.text;
  }
  return { a, reply: askReply(a, text), u: asked.u };
}

export const question = (): AppMiddleware => async (ctx) => {
  const { reply } = await answerQuestion(ctx, understandingOf(ctx));
  ctx.reply = reply;
};

/** Policy questions, last in line: whatever no other feature claimed is searched in the policies. */
export const questionFeature: AppFeature = (app) => app.use(question());
