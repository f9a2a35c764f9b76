// Channels redeliver (DingTalk after a missed ack, wechaty after reconnects, HTTP clients on retry).
// Dedupe records outcomes: only a completed handling is remembered, and a redelivery of it gets the
// first reply again (pushes are not repeated). A handling that failed (an error, a store that could not
// take a complaint) or was deferred (a flood notice) leaves no record, so the retry is handled anew.
// With Redis the record is shared, so a redelivery to another instance is recognised too; while Redis
// is away, an in-process LRU keeps working (and the ticket store still dedupes complaints).
import { LRUCache } from "lru-cache";
import { randomUUID } from "node:crypto";
import type { AppContext, AppMiddleware as Middleware, Deps } from "../../handlers/deps.ts";
import { deliveryKey, type Reply } from "../../core/message.ts";

export interface DedupeOptions {
  /** Completed deliveries remembered in process (LRU). */
  capacity?: number;
  /** How long a completed delivery is remembered, in ms. */
  ttlMs?: number;
  shared?: Deps["shared"];
  /** How long a redelivery waits for another instance still handling it before handling it itself. */
  waitMs?: number;
}

type Stored = Omit<Reply, "pushes"> | null;

/** A reply kept for redeliveries (a very large one is remembered in Redis as handled, without its text). */
function toStored(r: Reply | undefined): Stored {
  if (!r) return null;
  const { pushes: _p, ...rest } = r;
  return rest;
}

function answerDuplicate(ctx: AppContext, stored: Stored): void {
  if (stored) ctx.reply = { ...stored, pushes: [] };
  ctx.state.duplicate = true;
}

const RELEASE_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const MAX_STORED_CHARS = 32_000;

export const dedupe = (o: DedupeOptions = {}): Middleware => {
  const ttl = o.ttlMs ?? 3_600_000;
  const done = new LRUCache<string, { stored: Stored }>({ max: o.capacity ?? 10_000, ttl });
  // Bounded by the deliveries being handled at this moment.
  const running = new Map<string, Promise<void>>();
  const shared = o.shared ?? null;
  const waitMs = o.waitMs ?? 3000;
  const instance = randomUUID().slice(0, 8);

  /** "mine": we hold the shared marker; "done": another instance finished it; "free": handle without a marker. */
  async function claim(key: string, token: string): Promise<{ state: "mine" | "free" } | { state: "done"; stored: Stored }> {
    if (!shared?.health.up) return { state: "free" };
    const k = `${shared.prefix}dd:${key}`;
    try {
      const deadline = Date.now() + waitMs;
      for (;;) {
        if ((await shared.client.set(k, token, { NX: true, PX: 60_000 })) === "OK") return { state: "mine" };
        const v = await shared.client.get(k);
        if (v?.startsWith("d:")) return { state: "done", stored: JSON.parse(v.slice(2)) as Stored };
        // Another instance is handling it: wait a little, then handle it here (it may have died).
        if (v && Date.now() > deadline) return { state: "free" };
        if (v) await new Promise((r) => setTimeout(r, 100));
      }
    } catch (err) {
      shared.health.report(err);
      return { state: "free" };
    }
  }

  function record(key: string, stored: Stored): void {
    done.set(key, { stored });
    if (!shared?.health.up) return;
    let json = JSON.stringify(stored);
    if (json.length > MAX_STORED_CHARS) json = "null";
    const k = `${shared.prefix}dd:${key}`;
    void shared.client.set(k, `d:${json}`, { PX: ttl }).catch((err) => shared.health.report(err));
  }

  function release(key: string, token: string): void {
    if (!shared?.health.up) return;
    void shared.client.eval(RELEASE_LUA, { keys: [`${shared.prefix}dd:${key}`], arguments: [token] }).catch((err) => shared.health.report(err));
  }

  return async (ctx, next) => {
    if (!ctx.msg.messageId) return next();
    const key = deliveryKey(ctx.msg.channel, ctx.msg.userId, ctx.msg.messageId);
    for (;;) {
      const hit = done.get(key);
      if (hit) return answerDuplicate(ctx, hit.stored);
      const busy = running.get(key);
      if (!busy) break;
      await busy; // then look again: it completed (a duplicate) or failed (handle it now)
    }
    let finish!: () => void;
    running.set(key, new Promise<void>((r) => (finish = r)));
    let completed = false;
    const token = `p:${instance}:${randomUUID()}`;
    let mine = false;
    try {
      const c = await claim(key, token);
      if (c.state === "done") {
        done.set(key, { stored: c.stored });
        return answerDuplicate(ctx, c.stored);
      }
      mine = c.state === "mine";
      await next();
      completed = !ctx.state.incomplete;
    } finally {
      if (completed) record(key, toStored(ctx.reply));
      else if (mine) release(key, token);
      running.delete(key);
      finish();
    }
  };
};
