// Policy questions: retrieval + extractive answer; with an LLM configured, a grounded rewrite that
// is checked against the cited passages and dropped for the extractive one when it strays.
import type { AppFeature, AppMiddleware } from "./deps.ts";
import { answerWithLlm } from "../knowledge/answer/llm.ts";
import { ABOUT_COMPLAINING } from "../tickets/detect.ts";

/** How our own complaint process works; no numbers here: each ticket states its deadlines and their rules. */
export const COMPLAINT_HELP = [
  "投诉举报可以直接在这里说：@政务帮 描述遇到的问题（什么事、哪个部门或窗口、大概时间），我会立即登记工单，回复工单号、承办单位和各环节的办理期限（按工作日计算）及其依据。",
  "可以匿名反映；匿名时不保存您的联系方式，凭工单号查询结果。",
  "查询进度：发送“查询 工单号”；补充情况：“补充 工单号 内容”；办结后可评价“满意 工单号”或“不满意 工单号”（不满意将重新办理）。",
  "也可以拨打12345政务服务便民热线。",
].join("\n");

export const question = (): AppMiddleware => async (ctx) => {
  const { kb, llm, log } = ctx.deps;
  const a = await kb.ask(ctx.msg.text);
  if (!a.grounded && ABOUT_COMPLAINING.test(ctx.msg.text)) {
    ctx.reply = { intent: "question", outcome: "answer", text: COMPLAINT_HELP, grounded: false, citations: [], ticket: null, pushes: [] };
    return;
  }
  let text = a.text;
  if (llm && a.grounded) {
    const r = await answerWithLlm(llm, ctx.msg.text, a.citations, () => a.text);
    if (r.rejected?.length) log.warn({ rejected: r.rejected }, "LLM answer replaced by the extractive one");
    text = r.text;
  }
  ctx.reply = {
    intent: "question",
    outcome: a.grounded ? "answer" : "refuse",
    offered: [...new Set(a.citations.flatMap((c) => (c.measureId ? [c.measureId] : [])))],
    text,
    grounded: a.grounded,
    citations: a.citations,
    ticket: null,
    pushes: [],
  };
};

/** Policy questions, last in line: whatever no other feature claimed is searched in the policies. */
export const questionFeature: AppFeature = (app) => app.use(question());
