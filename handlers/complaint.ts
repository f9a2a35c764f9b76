// A complaint or report becomes a ticket at once: detect → route → deadlines → number in the reply,
// and a notice pushed to the officers of the responsible unit.
import type { AppContext, AppMiddleware } from "./deps.ts";
import { textReply } from "../core/message.ts";
import { detectComplaint } from "../tickets/detect.ts";
import { parseCommand } from "../tickets/chat-commands.ts";
import { StoreUnavailableError } from "../tickets/store.ts";
import type { Detection } from "../tickets/detect.ts";

const LABELS = { complaint: "投诉举报", question: "政策咨询", other: "其他" } as const;

/**
 * The rules decide clear cases. Where they had to weigh a grievance word against a question form
 * (no explicit 投诉/举报), a configured LLM may give a second opinion; its failure keeps the rules' verdict.
 */
async function withLlmSecondOpinion(ctx: AppContext, d: Detection): Promise<Detection> {
  const llm = ctx.deps.llm;
  const borderline = d.reasons.some((r) => r.startsWith("诉求内容")) && !d.reasons.includes("明确表示投诉/举报");
  if (!llm?.classify || !borderline) return d;
  try {
    const label = await llm.classify(ctx.msg.text, Object.values(LABELS));
    if (label === LABELS.complaint && !d.isComplaint) return { ...d, isComplaint: true, reasons: [...d.reasons, "模型判断:投诉举报"] };
    if ((label === LABELS.question || label === LABELS.other) && d.isComplaint)
      return { ...d, isComplaint: false, reasons: [...d.reasons, `模型判断:${label}`] };
  } catch (err) {
    ctx.deps.log.warn({ err }, "LLM complaint classification failed; keeping the rules' verdict");
  }
  return d;
}

export const complaint = (): AppMiddleware => async (ctx, next) => {
  // "补充 TS… 窗口态度差" is a command about an existing ticket, not a new complaint.
  if (parseCommand(ctx.msg.text)) return next();
  const detection = await withLlmSecondOpinion(ctx, detectComplaint(ctx.msg.text));
  if (!detection.isComplaint) return next();
  ctx.state.intent = "complaint";
  // The unit of the closest knowledge-base measure helps routing when the text names none.
  const hint = ctx.deps.kb.closestUnits(ctx.msg.text);
  try {
    const r = await ctx.deps.tickets.createFromComplaint(ctx.msg, { unitHint: hint, detection });
    ctx.reply = textReply("complaint", r.text, { ticket: r.view, pushes: r.pushes });
  } catch (e) {
    if (!(e instanceof StoreUnavailableError)) throw e;
    // Only reached when even the local journal could not take it.
    ctx.deps.log.error({ err: e }, "complaint could not be recorded");
    ctx.state.incomplete = "failed"; // the same message sent again must be tried again
    ctx.reply = textReply("complaint", "抱歉,投诉登记系统暂时不可用,您的投诉未能登记,请稍后重新发送。");
  }
};
