// "有用" / "没用" / "不对" right after an answer: recorded against that answer (the question log binds
// it), thanked in one line; "没用" and "不对" also offer other items or a person. Placed before small
// talk, so "有用" is a rating and not a "好的"; with nothing recent to rate it says how rating works.
import type { AppFeature, AppMiddleware } from "./deps.ts";
import { textReply } from "../core/message.ts";
import { matchFeedback } from "../insights/feedback-phrases.ts";
import type { Measure } from "../knowledge/types.ts";

export const PERSON_HINT = "如需人工帮助，请拨打12345政务服务便民热线或咨询政务服务中心窗口；如需投诉，直接说明经过即可登记工单。";

const itemLine = (m: Measure, i: number) => {
  const what = m.title ?? (m.text.length > 36 ? `${m.text.slice(0, 36)}…` : m.text);
  return `${i + 1}. 《${m.docTitle}》${m.label}：${what}`;
};

export const feedback = (): AppMiddleware => async (ctx, next) => {
  const rating = matchFeedback(ctx.msg.text);
  if (!rating) return next();
  const { questions, kb, log } = ctx.deps;
  const last = await questions.lastReply(ctx.msg).catch(() => null);
  if (!last) {
    // Nothing recent to rate: a reply, not a policy search for "没用" (which would only be refused).
    ctx.reply = textReply("other", "请先提出您的问题；收到答复后，可回复“有用”“没用”或“不对”告诉我们是否帮到了您。", { outcome: "smalltalk" });
    return;
  }
  if (last.rated) {
    ctx.reply = textReply("other", "已收到您对这条答复的评价，谢谢！", { outcome: "smalltalk" });
    return;
  }
  await questions.feedback(ctx.msg, last, rating).catch((err) => log.warn({ err }, "feedback could not be recorded"));
  if (rating === "useful") {
    ctx.reply = textReply("other", "感谢您的反馈，很高兴能帮到您！", { outcome: "smalltalk" });
    return;
  }
  // Other items close to what was asked, never the one just called unhelpful.
  const cur = kb.current();
  const hits = last.text && last.outcome !== "refuse" ? cur.index.search(last.text, { k: 6 }).hits.map((h) => h.measure) : [];
  const others = hits.filter((m) => !last.offered.slice(0, 1).includes(m.id)).slice(0, 3);
  const head = rating === "wrong" ? "感谢指正，已记录，我们会核实并改进这条答复。" : "抱歉没有帮到您，已记录，我们会改进这条答复。";
  const lines = [head];
  if (others.length) lines.push("您要找的可能是下列条目（可换个说法再问，例如写明事项名称和想了解的时限、材料或责任单位）：", ...others.map(itemLine));
  lines.push(PERSON_HINT);
  ctx.reply = textReply("other", lines.join("\n"), { outcome: "smalltalk", offered: others.map((m) => m.id) });
};

/** Ratings of the answer just given. */
export const feedbackFeature: AppFeature = (app) => app.use(feedback());
