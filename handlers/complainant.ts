// Complainants' chat commands: 查询 <单号>, 补充 <单号> <内容>, 满意 / 不满意 <单号> (不满意 reopens).
import type { AppMiddleware } from "./deps.ts";
import { parseCommand, COMPLAINANT_VERBS } from "../tickets/chat-commands.ts";
import { runTicketCommand, BUSY_TEXT } from "../tickets/dispatch.ts";

export const complainantCommands = (): AppMiddleware => async (ctx, next) => {
  const cmd = parseCommand(ctx.msg.text);
  if (!cmd || !COMPLAINANT_VERBS.has(cmd.verb)) return next();
  ctx.state.intent = "command";
  ctx.reply = await runTicketCommand(ctx.deps.tickets, ctx.msg, cmd);
  if (ctx.reply.text === BUSY_TEXT) ctx.state.incomplete = "failed"; // the store was away: a retry is tried again
};
