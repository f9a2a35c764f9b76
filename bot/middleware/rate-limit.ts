import type { AppMiddleware as Middleware } from "../../handlers/deps.ts";
import { textReply } from "../../core/message.ts";

/**
 * Per-user sliding window. A flood gets one polite notice, then silence until the window clears,
 * so one noisy member cannot get the whole group's bot throttled by the platform.
 */
export const rateLimit = (perMinute: number): Middleware => {
  const windows = new Map<string, { times: number[]; noticed: boolean }>();
  return async (ctx, next) => {
    const key = `${ctx.msg.channel}:${ctx.msg.userId}`;
    const now = ctx.deps.clock.now().getTime();
    const w = windows.get(key) ?? { times: [], noticed: false };
    w.times = w.times.filter((t) => now - t < 60_000);
    if (w.times.length >= perMinute) {
      windows.set(key, w);
      if (!w.noticed) {
        w.noticed = true;
        ctx.reply = textReply("other", "您发送消息过于频繁，请稍候一分钟再试。已登记的投诉不受影响。");
      }
      return;
    }
    w.times.push(now);
    w.noticed = false;
    windows.set(key, w);
    if (windows.size > 50_000) windows.delete(windows.keys().next().value as string);
    await next();
  };
};
