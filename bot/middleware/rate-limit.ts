// Per-sender fixed window. A flood gets one polite notice, then silence until the window clears, so one
// noisy member cannot get the whole group's bot throttled by the platform. A complaint is never
// dropped: over the limit, a message that reads as a complaint (or a complainant's ticket command such
// as 补充) still goes on and is ticketed. The window lives in Redis (rate-limiter-flexible) when
// instances share one, so a sender cannot double the limit by landing on two; in-process otherwise.
import { LRUCache } from "lru-cache";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { AppMiddleware as Middleware, Deps } from "../../handlers/deps.ts";
import { deliveryKey, textReply } from "../../core/message.ts";
import { detectComplaint } from "../../tickets/detect.ts";
import { parseCommand, COMPLAINANT_VERBS } from "../../tickets/chat-commands.ts";
import { cleanText, MAX_MESSAGE_CHARS } from "./input-guard.ts";

export const FLOOD_TEXT = "您发送消息过于频繁，请稍候一分钟再试。投诉举报不受此限制，会照常登记。";

/** Whether a message may carry a complaint: the rules' verdict, any grievance sign, or 补充/查询/评价. */
export function mayCarryComplaint(text: string, botNames?: readonly string[]): boolean {
  const t = cleanText(text.slice(0, MAX_MESSAGE_CHARS), botNames);
  if (!t) return false;
  const cmd = parseCommand(t);
  if (cmd) return COMPLAINANT_VERBS.has(cmd.verb);
  const d = detectComplaint(t);
  return d.isComplaint || d.reasons.some((r) => r.startsWith("诉求内容"));
}

export interface RateLimitOptions {
  shared?: Deps["shared"];
  /** Senders tracked in process (LRU; the oldest window is forgotten first). */
  capacity?: number;
  windowMs?: number;
}

export const rateLimit = (perMinute: number, o: RateLimitOptions = {}): Middleware => {
  const windowMs = o.windowMs ?? 60_000;
  const local = new LRUCache<string, { start: number; count: number }>({ max: o.capacity ?? 50_000, ttl: windowMs });
  const shared = o.shared ?? null;
  const remote = shared
    ? new RateLimiterRedis({ storeClient: shared.client, useRedisPackage: true, keyPrefix: `${shared.prefix}rl`, points: perMinute, duration: Math.ceil(windowMs / 1000) })
    : null;

  /** The sender's count in this window after this message. */
  async function hit(key: string, now: number): Promise<number> {
    if (remote && shared?.health.up) {
      try {
        return (await remote.consume(key)).consumedPoints;
      } catch (e) {
        if (e instanceof RateLimiterRes) return e.consumedPoints;
        shared.health.report(e);
      }
    }
    const w = local.get(key);
    if (!w || now - w.start >= windowMs) {
      local.set(key, { start: now, count: 1 });
      return 1;
    }
    w.count++;
    return w.count;
  }

  return async (ctx, next) => {
    const count = await hit(deliveryKey(ctx.msg.channel, ctx.msg.userId, ""), ctx.deps.clock.now().getTime());
    if (count <= perMinute) return next();
    if (mayCarryComplaint(ctx.msg.text ?? "", ctx.deps.settings.botNames)) return next();
    // Deferred, not handled: the same message sent again later is answered then.
    ctx.state.incomplete = "deferred";
    if (count === perMinute + 1) ctx.reply = textReply("other", FLOOD_TEXT);
  };
};
