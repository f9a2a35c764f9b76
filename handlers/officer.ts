// Officers' chat commands: 受理 / 回复 / 转办 / 办结 / 回访 <单号>, and 工单列表 / 超期工单.
// Who may do what is decided by the TicketService from config/directory.json and ZWB_ADMIN_IDS.
import type { AppMiddleware } from "./deps.ts";
import { parseCommand, OFFICER_VERBS } from "../tickets/chat-commands.ts";
import { runTicketCommand, BUSY_TEXT } from "../tickets/dispatch.ts";

export const officerCommands = (): AppMiddleware => async (ctx, next) => {
  const cmd = parseCommand(ctx.msg.text);
  if (!cmd || !OFFICER_VERBS.has(cmd.verb)) return next();
  ctx.state.intent = "command";
  ctx.reply = await runTicketCommand(ctx.deps.tickets, ctx.msg, cmd);
  if (ctx.reply.text === BUSY_TEXT) ctx.state.incomplete = "failed"; // the store was away: a retry is tried again
};
