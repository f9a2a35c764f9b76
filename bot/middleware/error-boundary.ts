import type { AppMiddleware as Middleware } from "../../handlers/deps.ts";
import { textReply } from "../../core/message.ts";

/** Whatever fails below, the user gets a clear Chinese reply and the log gets the cause. */
export const errorBoundary = (): Middleware => async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.deps.log.error({ err, channel: ctx.msg.channel, messageId: ctx.msg.messageId }, "handler failed");
    ctx.state.incomplete = "failed";
    ctx.reply = textReply(
      (ctx.state.intent as never) ?? "other",
      "抱歉，系统暂时出了点问题，您的消息未能处理完成。请稍后重试，或拨打12345政务服务便民热线。",
    );
  }
};
