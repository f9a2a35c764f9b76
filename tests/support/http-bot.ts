// The bot wired for real (buildRoot → createApp → the HTTP door on a free 127.0.0.1 port) in this
// process, on temp data folders, with whatever environment the test gives (e.g. its own REDIS_URL).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ServerType } from "@hono/node-server";
import { loadConfig } from "../../bot/config.ts";
import { createLogger } from "../../bot/logger.ts";
import { buildRoot, type Root } from "../../bot/root/index.ts";
import { createApp, type App } from "../../bot/app.ts";
import { startHttp } from "../../bot/channels/local/http.ts";
import type { Clock } from "../../core/clock.ts";

export interface HttpBot {
  root: Root;
  app: App;
  base: string;
  dataDir: string;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  say(user: string, text: string, messageId?: string): Promise<{ reply: string; ticket: { id: string } | null; intent: string }>;
  close(): Promise<void>;
}

export async function httpBot(env: Record<string, string> = {}, clock?: Clock): Promise<HttpBot> {
  const dataDir = mkdtempSync(join(tmpdir(), "zwb-httpbot-"));
  const config = loadConfig({ ZWB_STORE: "memory", ZWB_LOG_LEVEL: "silent", ZWB_DATA_DIR: dataDir, ZWB_HTTP_PORT: "0", ...env });
  const root = await buildRoot(config, createLogger("silent"), clock);
  const app = createApp(root.deps);
  const { server, port }: { server: ServerType; port: number } = await startHttp({ app, root }, 0, "127.0.0.1");
  const base = `http://127.0.0.1:${port}`;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
  return {
    root,
    app,
    base,
    dataDir,
    post,
    async say(user, text, messageId) {
      const r = await post("/api/messages", { user, text, ...(messageId ? { messageId } : {}) });
      return (await r.json()) as { reply: string; ticket: { id: string } | null; intent: string };
    },
    async close() {
      await app.stop();
      await new Promise((r) => server.close(r));
      await root.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
