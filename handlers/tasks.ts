// Reminders: the deadline scheduler as background work, and the chat commands for policy tasks —
// 「完成任务 T1a2b3c」 by an officer of the task's unit (or the supervising office, or an
// administrator), and 「任务列表」 for staff.
import type { AppFeature, AppMiddleware } from "./deps.ts";
import { textReply } from "../core/message.ts";
import { foldWidth } from "../core/text.ts";
import { TASK_STATUS_ZH } from "../reminders/task-service.ts";

const DONE = /^(?:完成任务|任务完成)[\s::,,]*(T[0-9a-f]{6})\b/i;
const LIST = /^(?:任务列表|政策任务)$/;

export const taskCommands = (): AppMiddleware => async (ctx, next) => {
  const text = foldWidth(ctx.msg.text);
  const done = DONE.exec(text);
  if (!done && !LIST.test(text)) return next();
  const { tickets: svc, tasks } = ctx.deps;
  const actor = { channel: ctx.msg.channel, userId: ctx.msg.userId };
  const me = svc.officerOf(actor);
  const admin = svc.isAdmin(actor);
  if (!me && !admin) {
    ctx.reply = textReply("command", "政策任务仅限办理人员和管理员操作。");
    return;
  }
  if (done) {
    const r = await tasks.done(done[1], `${actor.channel}:${actor.userId}`, admin ? undefined : me!.unit);
    ctx.reply = textReply("command", r.text);
    return;
  }
  const supervising = svc.directory().supervisingUnit;
  const mine = (await tasks.list()).filter((t) => t.status === "on" && (admin || me!.unit === t.unit || me!.unit === supervising));
  ctx.reply = textReply(
    "command",
    mine.length
      ? `已启用的政策任务(${mine.length}项):\n${mine.map((t) => `${t.id} ${TASK_STATUS_ZH[t.status]} ${t.unit} 期限${t.dueDay} ${t.title}`).join("\n")}\n完成后发送「完成任务 编号」。`
      : "目前没有已启用的政策任务。",
  );
};

export const remindersFeature: AppFeature = (app, deps) => {
  app.use(taskCommands());
  app.background(deps.scheduler);
  app.background(deps.weeklyReport);
};
