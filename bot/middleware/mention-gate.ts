import type { AppMiddleware as Middleware } from "../../handlers/deps.ts";

/** In a group the bot speaks only when @-mentioned; one-to-one chats always count as mentioned. */
export const mentionGate = (): Middleware => async (ctx, next) => {
  if (ctx.msg.groupId && !ctx.msg.mentioned) return; // no reply at all
  await next();
};
