// Curated answers (ZWB_KB_DIR/faq/, written by administrators from unanswered questions): a message
// asking one of their questions gets the curated text, with the measure it cites as the source, or
// marked as a platform statement (平台说明). Before the policy search, after tickets and small talk.
import type { AppMiddleware } from "./deps.ts";
import { citationOf, HOTLINE_HINT } from "../knowledge/answer/extractive.ts";
import { matchCuratedAnswer } from "../insights/faq-match.ts";

export const curatedAnswers = (): AppMiddleware => async (ctx, next) => {
  const kb = ctx.deps.kb.current();
  const hit = matchCuratedAnswer(ctx.msg.text, kb.curated.answers);
  if (!hit) return next();
  const { answer, measureId } = hit.answer;
  const m = measureId ? kb.measures.find((x) => x.id === measureId) : undefined;
  ctx.state.intent = "question";
  if (m) {
    ctx.reply = {
      intent: "question",
      outcome: "answer",
      confidence: hit.similarity,
      offered: [m.id],
      text: `${answer}\n来源：《${m.docTitle}》${m.path.at(-1) ?? ""}。${HOTLINE_HINT}`,
      grounded: true,
      citations: [citationOf(m)],
      ticket: null,
      pushes: [],
    };
    return;
  }
  ctx.reply = {
    intent: "question",
    outcome: "answer",
    confidence: hit.similarity,
    offered: [],
    text: `${answer}\n（平台说明）`,
    grounded: false,
    citations: [],
    ticket: null,
    pushes: [],
  };
};

