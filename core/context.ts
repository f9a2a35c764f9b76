// grammY/Koa-style middleware: each step may answer (set ctx.reply) or pass on with next().
// The context is generic in the dependencies, so the kernel knows no domain; what one middleware
// hands to a later one is a typed field of ContextState, never a free-form bag.
import type { IncomingMessage, Intent, Reply } from "./message.ts";
import type { Understanding } from "./understanding.ts";
import type { Conversation } from "./conversation.ts";

export interface ContextState {
  /** What the message turned out to be, once a handler has decided (the error boundary reports it). */
  intent?: Intent;
  /** The same delivery was handled before: doors that already sent the reply send nothing. */
  duplicate?: boolean;
  /**
   * The handling did not complete: "failed" (a store error answered with "please retry") or
   * "deferred" (a flood notice). Dedupe then keeps no record, so a redelivery is handled anew.
   */
  incomplete?: "failed" | "deferred";
  /** What the message means, computed once after the guards (language/understand.ts). */
  understanding?: Understanding;
  /** This person's conversation in this chat, as kept before the message (null: none kept). */
  conversation?: Conversation | null;
}

export interface Context<D> {
  msg: IncomingMessage;
  deps: D;
  reply?: Reply;
  state: ContextState;
}

export type Middleware<D> = (ctx: Context<D>, next: () => Promise<void>) => Promise<void>;

export function compose<D>(...mws: Middleware<D>[]): Middleware<D> {
  return async (ctx, next) => {
    let last = -1;
    const run = async (i: number): Promise<void> => {
      if (i <= last) throw new Error("next() called twice");
      last = i;
      const mw = i < mws.length ? mws[i] : next;
      await mw(ctx, () => run(i + 1));
    };
    await run(0);
  };
}

/**
 * grammY's `route`: one key from the context picks one handler; a key with no handler (or no key)
 * passes the message on. The key is read once, so handlers never re-match the text themselves.
 */
export function route<D, K extends string>(key: (ctx: Context<D>) => K | undefined, handlers: Partial<Record<K, Middleware<D>>>): Middleware<D> {
  return async (ctx, next) => {
    const k = key(ctx);
    const h = k === undefined ? undefined : handlers[k];
    return h ? h(ctx, next) : next();
  };
}
