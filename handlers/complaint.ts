// A complaint or report becomes a ticket at once: detect → route → deadlines → number in the reply,
// and a notice pushed to the officers of the responsible unit. A message that reads like a grievance
// without being sure gets one short question instead; a bare intent to complain is asked what happened.
import type { AppContext, AppMiddleware } from "./deps.ts";
import { textReply, type Reply } from "../core/message.ts";
import { detectComplaint } from "../tickets/detect.ts";
import { StoreUnavailableError } from "../tickets/store.ts";
import type { IncomingMessage } from "../core/message.ts";
import { understandingOf } from "./understand.ts";

export const ASK_TO_REGISTER = "需要我为您登记投诉工单吗？回复“是”即登记，回复“不用”则不登记。";
export const ASK_WHAT_HAPPENED =
  "好的，请直接说明遇到的问题：什么事、涉及的部门或窗口、大概什么时间、希望怎样解决。我会立即登记工单，告诉您工单号和各环节的办理期限。也可以不留姓名。";

/** Registers `msg` as a ticket; the reply carries the number, unit and deadlines. */
export async function registerComplaint(ctx: AppContext, msg: IncomingMessage, confidence: number): Promise<Reply> {
  const detection = { ...detectComplaint(msg.text), isComplaint: true };
  // The unit of the closest knowledge-base measure helps routing when the text names none.
  const hint = ctx.deps.kb.closestUnits(msg.text);
  try {
    const r = await ctx.deps.tickets.createFromComplaint(msg, { unitHint: hint, detection });
    return textReply("complaint", r.text, { ticket: r.view, pushes: r.pushes, outcome: "complaint", confidence });
  } catch (e) {
    if (!(e instanceof StoreUnavailableError)) throw e;
    // Only reached when even the local journal could not take it.
    ctx.deps.log.error({ err: e }, "complaint could not be recorded");
    ctx.state.incomplete = "failed"; // the same message sent again must be tried again
    return textReply("complaint", "抱歉,投诉登记系统暂时不可用,您的投诉未能登记,请稍后重新发送。", { outcome: "complaint", confidence });
  }
}

export const complaint = (): AppMiddleware => async (ctx) => {
  const u = understandingOf(ctx);
  ctx.state.intent = "complaint";
  ctx.reply = await registerComplaint(ctx, ctx.msg, u.confidence);
};

/** Not sure it is a complaint, or intent without content: one short question, never the knowledge-base refusal. */
export const maybeComplaint = (): AppMiddleware => async (ctx) => {
  const u = understandingOf(ctx);
  const empty = u.reasons.some((r) => r.includes("未说明事由"));
  ctx.reply = textReply("question", empty ? ASK_WHAT_HAPPENED : `听起来您遇到了办事中的问题。${ASK_TO_REGISTER}`, { outcome: "clarify", confidence: u.confidence });
};
