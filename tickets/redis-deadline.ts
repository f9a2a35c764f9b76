// Every Redis reply within a deadline. node-redis times a command out only while it waits to be
// written; once written, a stopped (SIGSTOP) or swapping Redis keeps the caller waiting for ever. This
// wraps the client so every call that returns a promise (commands, scripts, MULTI's exec) rejects with a
// TimeoutError after `ms`. The late reply is still read by node-redis in order and dropped.
import { TimeoutError } from "redis";
import type { RedisClient } from "./redis-client.ts";

export class RedisDeadlineError extends TimeoutError {
  constructor(readonly ms: number, command: string) {
    super();
    this.message = `Redis did not answer ${command} within ${ms} ms`;
    this.name = "RedisDeadlineError";
  }
}

/** The unwrapped client, for a caller that times itself (the health probe keeps one call in flight). */
export const RAW = Symbol("raw redis client");

// Calls that are not commands, or that wait by design.
const PASS = new Set(["connect", "close", "quit", "disconnect", "destroy", "duplicate", "on", "once", "off", "addListener", "removeListener", "removeAllListeners", "emit", "subscribe", "unsubscribe", "pSubscribe", "pUnsubscribe", "scanIterator", "hScanIterator", "sScanIterator", "zScanIterator", "ref", "unref", "withCommandOptions", "withTypeMapping", "withAbortSignal", "asap"]);

function race<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => {
        p.catch(() => undefined); // answered later or never: nobody waits for it any more
        reject(new RedisDeadlineError(ms, what));
      }, ms);
      timer.unref();
    }),
  ]);
}

export function withDeadline(client: RedisClient, ms: number): RedisClient {
  const wrapMulti = (m: object): object =>
    new Proxy(m, {
      get(t, prop) {
        const v = Reflect.get(t, prop, t);
        if (typeof v !== "function") return v;
        return (...args: unknown[]) => {
          const r = v.apply(t, args);
          if (prop === "exec" || prop === "execAsPipeline") return race(r as Promise<unknown>, ms, "MULTI");
          return r === t ? proxy : r;
        };
      },
    });
  let proxy: object;
  const handler: ProxyHandler<RedisClient> = {
    get(t, prop) {
      if (prop === RAW) return t;
      const v = Reflect.get(t, prop, t);
      if (typeof v !== "function" || PASS.has(String(prop))) return typeof v === "function" ? v.bind(t) : v;
      return (...args: unknown[]) => {
        const r = v.apply(t, args);
        if (prop === "multi" || prop === "MULTI") return wrapMulti(r as object);
        return r && typeof (r as Promise<unknown>).then === "function" ? race(r as Promise<unknown>, ms, String(prop)) : r;
      };
    },
  };
  proxy = new Proxy(client, handler);
  return proxy as RedisClient;
}
