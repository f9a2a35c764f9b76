// The local HTTP door: POST /api/messages for trying the bot and for integrations, /healthz for
// monitoring, and the administrator's bearer-token reload.
import { Hono } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { serve, type ServerType } from "@hono/node-server";
import type { App } from "../../app.ts";
import type { Root } from "../../root/index.ts";
import { toJsonlOutput } from "./jsonl.ts";
import { adminApi } from "../../admin/routes.ts";
import { consolePage } from "./console-ui/page.ts";
import { randomUUID } from "node:crypto";

export interface HttpOptions {
  app: App;
  root: Root;
  /** Extra health facts, e.g. each channel's connection state. */
  health?: () => Record<string, unknown>;
  /** Routes vendor doors serve on this server (WeCom's /wecom/bot), mounted by the composition root. */
  routes?: { path: string; handle: (req: Request) => Promise<Response> }[];
}

export function createHttpApp({ app, root, health, routes }: HttpOptions): Hono {
  const { deps } = app;
  const { config, outbox } = root;
  const http = new Hono();
  // HTTP users' pushes wait here until GET /api/outbox/:user fetches them.
  root.pusher.register("http", outbox);
  for (const r of routes ?? []) http.on(["GET", "POST"], r.path, (c) => r.handle(c.req.raw));
  http.get("/healthz", (c) =>
    // Liveness stays ok while a broken knowledge file is skipped; `kb.problems` names it.
    c.json({ ok: true, kbVersion: deps.kb.version, kb: deps.kb.status(), store: config.store, llm: Boolean(deps.llm), ...(health?.() ?? {}) }),
  );
  http.post("/api/messages", async (c) => {
    let body: Record<string, unknown>;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: "invalid_json", message: "请求体应为 JSON：{\"user\":\"…\",\"text\":\"…\"}" }, 400);
    }
    if (typeof body?.text !== "string" || typeof body?.user !== "string" || !body.user.trim())
      return c.json({ error: "invalid_body", message: "需要字符串字段 user 和 text" }, 400);
    const reply = await app.handle({
      // "local" only where the deployment says HTTP users are authenticated (ZWB_HTTP_CHANNEL).
      channel: config.ZWB_HTTP_CHANNEL,
      messageId: typeof body.messageId === "string" ? body.messageId : randomUUID(),
      userId: body.user,
      groupId: typeof body.group === "string" ? body.group : undefined,
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
    return c.json({ pushes: outbox.drain(c.req.param("user")) });
  });
  // The console page holds no secret: it asks for the token and calls /api/admin with it.
  http.get("/console", (c) => c.html(consolePage()));
  if (token) http.route("/api/admin", adminApi({ root, token }));
  return http;
}

export function startHttp(opts: HttpOptions, port: number, host: string): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: createHttpApp(opts).fetch, port, hostname: host }, (info) => resolve({ server, port: info.port }));
    // A port already in use is a configuration problem to report, not a crash with a stack trace.
    server.once("error", reject);
  });
}
