// npm start: parse the environment once, build the bot at the composition root, open every
// configured door, then start the features' background work.
import { loadConfigOrExit } from "./config.ts";
import { createLogger } from "./logger.ts";
import { buildRoot } from "./root/index.ts";
import { startDoors } from "./root/doors.ts";
import { createApp } from "./app.ts";
import { startHttp } from "./channels/local/http.ts";

const config = loadConfigOrExit();
const log = createLogger(config.ZWB_LOG_LEVEL);
const root = await buildRoot(config, log);
const app = createApp(root.deps);
// A door's SDK may reject a promise nobody awaits (a puppet's background reconnect): log it, and
// keep the other doors serving rather than let it end the process.
process.on("unhandledRejection", (err) => log.error({ err }, "unhandled rejection (a door's background task); the bot keeps running"));
// Doors start in the background, each on its own; HTTP does not wait for them.
const doors = startDoors(root, app);

const health = () => ({ channels: { ...doors.states(), http: { state: "open", port, lastMessageAt: null, lastError: null, reconnects: 0 } }, kbSync: root.kbSync?.state() ?? null });
const { server, port } = await startHttp({ app, root, health, routes: doors.routes }, config.ZWB_HTTP_PORT, config.ZWB_HTTP_HOST).catch((err: NodeJS.ErrnoException) => {
  const why = err.code === "EADDRINUSE" ? `端口 ${config.ZWB_HTTP_PORT} 已被占用，请设置 ZWB_HTTP_PORT 换一个端口` : err.message;
  log.fatal({ err }, `本地 HTTP 渠道无法启动: ${why}`);
  process.stderr.write(`本地 HTTP 渠道无法启动 / HTTP channel could not start: ${why}\n`);
  process.exit(1);
});
// An officer on a channel that is not configured would never hear of a ticket: say so at startup.
// (A configured door that is still starting takes pushes onto the retry queue meanwhile.)
for (const [unit, officers] of Object.entries(root.deps.tickets.directory().units))
  for (const o of officers)
    if (!root.pusher.has(o.channel))
      log.warn({ unit, officer: o.id, channel: o.channel }, "officer's channel is not running: pushes to them will fail until its credentials are set");
await app.start();
log.info(
  { port, channels: ["http", ...Object.keys(doors.states())], kb: root.deps.kb.version, store: config.store, llm: Boolean(root.deps.llm) },
  `政务帮已启动。试一试: curl -s -X POST http://${config.ZWB_HTTP_HOST}:${port}/api/messages -H 'content-type: application/json' -d '{"user":"u1","text":"施工许可多久能批下来？"}'`,
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "shutting down");
  await app.stop();
  await doors.stop();
  server.close();
  await root.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
