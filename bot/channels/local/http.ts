// The local HTTP door: POST /api/messages for trying the bot and for integrations, /healthz for
// monitoring, the console and the administrator's API. Every request is bounded before any work: a
// body limit per route (Hono's bodyLimit, which also stops a chunked body at the limit), JSON only on
// JSON routes (a cross-site form or text/plain post is refused), field limits checked by zod.
import { Hono, type Context } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { bodyLimit } from "hono/body-limit";
import { serve, type ServerType } from "@hono/node-server";
import { z } from "zod";
import type { App } from "../../app.ts";
import type { Root } from "../../root/index.ts";
import { toJsonlOutput } from "./jsonl.ts";
import { adminApi } from "../../admin/routes.ts";
import { mountConsole } from "./console-ui/page.ts";
import { healthReport } from "../../admin/health.ts";
import { randomUUID } from "node:crypto";

export interface HttpOptions {
  app: App;
  root: Root;
  /** Extra health facts, e.g. each channel's connection state. */
  health?: () => Record<string, unknown>;
  /** Routes vendor doors serve on this server (WeCom's /wecom/bot), mounted by the composition root. */
  routes?: { path: string; handle: (req: Request) => Promise<Response> }[];
}

/** A chat message is at most a few thousand characters; 64 KB leaves room for JSON escaping. */
export const MESSAGE_BODY_LIMIT = 64 * 1024;
const ID_MAX = 128;
const TEXT_MAX = 20_000; // the pipeline answers anything over 4,000 characters with a polite refusal

const MessageBody = z.object({
  user: z.string().trim().min(1).max(ID_MAX),
  text: z.string().max(TEXT_MAX),
  messageId: z.string().min(1).max(ID_MAX).optional(),
  group: z.string().min(1).max(ID_MAX).optional(),
  mentioned: z.boolean().optional(),
});

const FIELD_ZH: Record<string, string> = {
  user: `user 应为 1–${ID_MAX} 个字符的字符串`,
  text: `text 应为字符串（不超过 ${TEXT_MAX} 个字符）`,
  messageId: `messageId 应为 1–${ID_MAX} 个字符的字符串`,
  group: `group 应为 1–${ID_MAX} 个字符的字符串`,
  mentioned: "mentioned 应为 true 或 false",
};

const tooLarge = (limit: number) => (c: Context) =>
  // Connection: close, so the rest of an oversized upload is not read at all.
  c.json({ error: "too_large", message: `请求体过大（上限 ${Math.round(limit / 1024)} KB）` }, 413, { connection: "close" });

/** JSON routes take JSON only: a page on another site cannot post a form or text/plain here. */
export const jsonOnly = async (c: Context, next: () => Promise<void>) => {
  const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json")
    return c.json({ error: "unsupported_media_type", message: "请求体须为 JSON，请设置请求头 Content-Type: application/json" }, 415);
  await next();
};

export function createHttpApp({ app, root, health, routes }: HttpOptions): Hono {
  const { deps } = app;
  const { config, outbox } = root;
  const http = new Hono();
  // HTTP users' pushes wait here until GET /api/outbox/:user fetches them.
  root.pusher.register("http", outbox);
  for (const r of routes ?? []) http.on(["GET", "POST"], r.path, (c) => r.handle(c.req.raw));
  // Liveness: the process answers. Readiness: it can serve (knowledge base loaded, tickets can be taken:
  // Redis up, or the journal when it is not). The full report says which part is degraded.
  http.get("/healthz/live", (c) => c.json({ ok: true }));
  http.get("/healthz/ready", async (c) => {
    const r = await healthReport(root, deps, health);
    return c.json({ ready: r.ready, status: r.status }, r.ready ? 200 : 503);
  });
  http.get("/healthz", async (c) => c.json(await healthReport(root, deps, health)));
  http.post("/api/messages", bodyLimit({ maxSize: MESSAGE_BODY_LIMIT, onError: tooLarge(MESSAGE_BODY_LIMIT) }), jsonOnly, async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      return c.json({ error: "invalid_json", message: "请求体应为 JSON：{\"user\":\"…\",\"text\":\"…\"}" }, 400);
    }
    const parsed = MessageBody.safeParse(raw);
    if (!parsed.success) {
      const field = String(parsed.error.issues[0]?.path[0] ?? "");
      return c.json({ error: "invalid_body", field: field || null, message: FIELD_ZH[field] ?? "需要字符串字段 user 和 text" }, 400);
    }
    const body = parsed.data;
    const reply = await app.handle({
      // "local" only where the deployment says HTTP users are authenticated (ZWB_HTTP_CHANNEL).
      channel: config.ZWB_HTTP_CHANNEL,
      messageId: body.messageId ?? randomUUID(),
      userId: body.user,
      groupId: body.group,
      text: body.text,
      mentioned: body.mentioned !== false,
      receivedAt: deps.clock.now(),
    });
    return c.json(toJsonlOutput(reply));
  });
  const token = config.ZWB_ADMIN_TOKEN;
  // The outbox holds officers' notices: behind the admin token when there is one, and never open to
  // the network without it.
  const loopback = ["127.0.0.1", "::1", "localhost"].includes(config.ZWB_HTTP_HOST);
  if (token) http.use("/api/outbox/*", bearerAuth({ token }));
  http.get("/api/outbox/:user", (c) => {
    if (!token && !loopback) return c.json({ error: "forbidden", message: "未设置 ZWB_ADMIN_TOKEN 时，发件箱只对本机开放" }, 403);
    return c.json({ pushes: outbox.drain(c.req.param("user").slice(0, ID_MAX)) });
  });
  // The console page holds no secret: it asks for the token and calls /api/admin with it. Only its
  // own scripts may run, and no other site may frame it (clickjacking): see console-ui/headers.ts.
  mountConsole(http);
  if (token) http.route("/api/admin", adminApi({ root, token }));
  return http;
}

export function startHttp(opts: HttpOptions, port: number, host: string): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: createHttpApp(opts).fetch, port, hostname: host }, (info) => resolve({ server, port: info.port }));
    // Slow clients cannot hold sockets open forever.
    (server as unknown as { headersTimeout: number; requestTimeout: number }).headersTimeout = 20_000;
    (server as unknown as { requestTimeout: number }).requestTimeout = 60_000;
    // A port already in use is a configuration problem to report, not a crash with a stack trace.
    server.once("error", reject);
  });
}
