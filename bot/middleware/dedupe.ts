import type { AppMiddleware as Middleware } from "../../handlers/deps.ts";
import type { Reply } from "../../core/message.ts";

/**
 * Channels redeliver (DingTalk after a missed ack, wechaty after reconnects, HTTP clients on retry).
 * The same (channel, messageId) is processed once; a redelivery gets the first reply again.
 * The ticket store dedupes creation too, so a redelivery to another instance still makes one ticket.
 */
export const dedupe = (capacity = 5000): Middleware => {
  const seen = new Map<string, Promise<Reply | undefined>>();
  return async (ctx, next) => {
    if (!ctx.msg.messageId) return next();
    // Keyed by sender too: a client-chosen id (HTTP) reused by someone else must never return
    // another user's reply.
    const key = `${ctx.msg.channel}:${ctx.msg.userId}:${ctx.msg.messageId}`;
    const prior = seen.get(key);
    if (prior) {
      const r = await prior;
      if (r) ctx.reply = { ...r, pushes: [] };
      ctx.state.duplicate = true;
      return;
    }
    let done!: (r: Reply | undefined) => void;
    seen.set(key, new Promise((res) => (done = res)));
    if (seen.size > capacity) seen.delete(seen.keys().next().value as string);
    try {
      await next();
    } finally {
      done(ctx.reply);
    }
  };
};
