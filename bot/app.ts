// The one pipeline every door feeds. Order matters: guards first, then commands (which must not be
// mistaken for complaints or questions), complaints, small talk, and questions last.
import { compose, type Context, type Middleware } from "./pipeline.ts";
import type { Deps } from "./deps.ts";
import { textReply, type IncomingMessage, type Reply } from "./message.ts";
import { PushError } from "../reminders/pusher.ts";
import { errorBoundary } from "./middleware/error-boundary.ts";
import { inputGuard } from "./middleware/input-guard.ts";
import { mentionGate } from "./middleware/mention-gate.ts";
import { dedupe } from "./middleware/dedupe.ts";
import { rateLimit } from "./middleware/rate-limit.ts";
import { smalltalk } from "../handlers/smalltalk.ts";
import { question } from "../handlers/question.ts";
import { ticketHandlers } from "../handlers/tickets.ts";
import { adminCommands } from "../handlers/admin.ts";

export interface App {
  /** Returns the reply to send, or null when the bot stays silent (un-mentioned group chatter). */
  handle(msg: IncomingMessage): Promise<Reply | null>;
  deps: Deps;
}

export function createApp(deps: Deps, extra: Middleware[] = []): App {
  const pipeline = compose(
    errorBoundary(),
    mentionGate(),
    dedupe(),
    rateLimit(deps.config.ZWB_RATE_LIMIT_PER_MINUTE),
    inputGuard(),
    ...extra,
    adminCommands(),
    ...ticketHandlers(),
    smalltalk(),
    question(),
  );
  return {
    deps,
    async handle(msg) {
      const ctx: Context = { msg, deps, state: {} };
      await pipeline(ctx, async () => {
        ctx.reply ??= textReply("other", "");
      });
      const reply = ctx.reply ?? null;
      if (!reply) return null;
      let failed = 0;
      let queued = 0;
      for (const p of reply.pushes) {
        try {
          await deps.pusher.push(p.to, p.text);
        } catch (err) {
          // A transient failure waits on the durable retry queue; a channel that is not running cannot
          // be retried. Either way the sender is told, and the ticket history holds what was said.
          const retryable = !(err instanceof PushError && !err.retryable) && deps.requeue;
          deps.log.warn({ err, to: p.to.channel, retryable: Boolean(retryable) }, "push failed");
          if (retryable && (await deps.requeue!(p.to, p.text, err).then(() => true, () => false))) queued++;
          else failed++;
        }
      }
      const out = ctx.state.duplicate ? { ...reply, duplicate: true } : reply;
      const notes = [
        queued ? `有 ${queued} 条通知暂未送达，已排队自动重发` : "",
        failed ? `有 ${failed} 条通知未能送达对方，内容已记入工单，请稍后通过“查询 单号”确认或电话联系` : "",
      ].filter(Boolean);
      return notes.length ? { ...out, text: `${out.text}\n（提示：${notes.join("；")}。）` } : out;
    },
  };
}
