// grammY/Koa-style middleware: each step may answer (set ctx.reply) or pass on with next().
import type { IncomingMessage, Reply } from "./message.ts";
import type { Deps } from "./deps.ts";

export interface Context {
  msg: IncomingMessage;
  deps: Deps;
  reply?: Reply;
  /** Free-form facts middlewares hand to later ones (e.g. the detected intent). */
  state: Record<string, unknown>;
}

export type Middleware = (ctx: Context, next: () => Promise<void>) => Promise<void>;

export function compose(...mws: Middleware[]): Middleware {
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
