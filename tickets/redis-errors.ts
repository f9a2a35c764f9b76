// Which Redis errors mean "the store is not available now" (journal the complaint, close the gate) and
// which are bugs to report: a wrong command or a script error is not an outage.
import { ErrorReply, TimeoutError } from "redis";

/** Server replies that mean "cannot serve this now", not "your command is wrong". */
const UNAVAILABLE_REPLY = /^(LOADING|BUSY|MASTERDOWN|READONLY|OOM|MISCONF|NOREPLICAS|CLUSTERDOWN|TRYAGAIN|NOTREADY)\b/;

/** Socket trouble, timeouts and the server's own "not now" replies. */
export function isUnavailable(err: unknown): boolean {
  if (err instanceof TimeoutError) return true;
  if (err instanceof ErrorReply) return UNAVAILABLE_REPLY.test(err.message);
  const e = err as { name?: string; message?: string; code?: string } | null;
  const name = e?.name ?? "";
  if (/ClientClosed|ClientOffline|SocketClosed|ConnectionTimeout|SocketTimeout|Disconnects|Reconnect/.test(name)) return true;
  return /closed|ECONNREFUSED|ECONNRESET|EPIPE|offline|Socket|connect|Timeout/i.test(`${e?.code ?? ""} ${e?.message ?? ""}`) || UNAVAILABLE_REPLY.test(e?.message ?? "");
}

/** Replies that only refuse writes: reads still work, so they do not close the gate for everyone. */
export const isWriteRefusal = (err: unknown): boolean => /^(READONLY|OOM|MISCONF|NOREPLICAS)\b/.test((err as Error)?.message ?? "");

