// grammY/Koa-style middleware: each step may answer (set ctx.reply) or pass on with next().
// The context is generic in the dependencies, so the kernel knows no domain; what one middleware
// hands to a later one is a typed field of ContextState, never a free-form bag.
import type { IncomingMessage, Intent, Reply } from "./message.ts";

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
