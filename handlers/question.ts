// Policy questions: retrieval + extractive answer; with an LLM configured, a grounded rewrite that
// is checked against the cited passages and dropped for the extractive one when it strays.
import type { Middleware } from "../bot/pipeline.ts";
import { answerWithLlm } from "../knowledge/answer/llm.ts";

export const question = (): Middleware => async (ctx) => {
  const { kb, llm, log } = ctx.deps;
  const a = await kb.ask(ctx.msg.text);
  let text = a.text;
  if (llm && a.grounded) {
    const r = await answerWithLlm(llm, ctx.msg.text, a.citations, () => a.text);
    if (r.rejected?.length) log.warn({ rejected: r.rejected }, "LLM answer replaced by the extractive one");
    text = r.text;
  }
  ctx.reply = {
    intent: "question",
    text,
    grounded: a.grounded,
    citations: a.citations,
    ticket: null,
    pushes: [],
  };
};
