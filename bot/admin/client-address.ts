// The address a request came from, for the audit log ("登录失败，来自 127.0.0.1"). The socket's
// peer only: X-Forwarded-For is whatever the client writes, so it is not believed.
import type { Context } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";

export function clientAddress(c: Context): string {
  try {
    return (getConnInfo(c).remote.address ?? "").replace(/^::ffff:/, "") || "未知地址";
  } catch {
    return "未知地址"; // app.request() in tests has no socket
  }
}
