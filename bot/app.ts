// The one pipeline every door feeds: guards first (mention gate, dedupe, rate limit, bounds), then
// the features in handlers/index.ts. Built from Deps alone, so the app a test builds is the app
// `npm start` runs.
import { compose, type Context } from "../core/context.ts";
import { textReply, type IncomingMessage, type Reply } from "../core/message.ts";
import { PushError } from "../core/delivery.ts";
import type { BackgroundJob } from "../core/feature.ts";
import type { AppMiddleware, Deps } from "../handlers/deps.ts";
import { FEATURES } from "../handlers/index.ts";
import { errorBoundary } from "./middleware/error-boundary.ts";
import { inputGuard } from "./middleware/input-guard.ts";
import { mentionGate } from "./middleware/mention-gate.ts";
import { dedupe } from "./middleware/dedupe.ts";
import { rateLimit } from "./middleware/rate-limit.ts";

export interface App {
  /** Returns the reply to send, or null when the bot stays silent (un-mentioned group chatter). */
  handle(msg: IncomingMessage): Promise<Reply | null>;
  deps: Deps;
  /** Starts the features' background work (the reminder scheduler); `npm start` calls it. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createApp(deps: Deps): App {
  const handlers: AppMiddleware[] = [];
  const jobs: BackgroundJob[] = [];
  for (const feature of FEATURES) feature({ use: (...mws) => handlers.push(...mws), background: (job) => jobs.push(job) }, deps);
  const pipeline = compose<Deps>(
    errorBoundary(),
    mentionGate(),
    dedupe({ shared: deps.shared }),
    rateLimit(deps.settings.rateLimitPerMinute, { shared: deps.shared }),
    inputGuard(),
    ...handlers,
  );
  return {
    deps,
    async start() {
      for (const j of jobs) await j.start();
    },
    async stop() {
      for (const j of jobs) await j.stop().catch((err) => deps.log.warn({ err, job: j.name }, "background job stop failed"));
    },
    async handle(msg) {
      const ctx: Context<Deps> = { msg, deps, state: {} };
      await pipeline(ctx, async () => {
        ctx.reply ??= textReply("other", "");
      });
      const reply = ctx.reply ?? null;
      if (!reply) return null;
      // The one place every reply is logged: queued synchronously (cheap), written in the background;
      // a redelivery is not a second question, and logging can never fail the reply.
      if (!ctx.state.duplicate && reply.outcome) {
        try {
          deps.questions.record(ctx.msg, reply);
        } catch (err) {
          deps.log.warn({ err }, "question log record failed");
        }
      }
      let failed = 0;
      let queued = 0;
      for (const p of reply.pushes) {
        try {
          await deps.pusher.push(p.to, p.text);
        } catch (err) {
          // A transient failure waits on the durable retry queue; a channel that is not running cannot
          // be retried. Either way the sender is told, and the ticket history holds what was said.
          const requeue = !(err instanceof PushError && !err.retryable) ? deps.requeue : null;
          deps.log.warn({ err, to: p.to.channel, retryable: Boolean(requeue) }, "push failed");
          if (requeue && (await requeue(p.to, p.text, err).then(() => true, () => false))) queued++;
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
