// npm start: parse the environment once, wire the dependencies, start every configured door.
import { loadConfigOrExit } from "./config.ts";
import { createLogger } from "./logger.ts";
import { wire } from "./wiring.ts";
import { createApp } from "./app.ts";
import { taskCommands } from "../reminders/chat.ts";
import { startHttp } from "./channels/local/http.ts";
import { textReply, type IncomingMessage, type Reply } from "./message.ts";

const config = loadConfigOrExit();
const log = createLogger(config.ZWB_LOG_LEVEL);
const w = await wire(config, log);
const app = createApp(w.deps, [taskCommands(w.reminders.tasks)]);
// Doors want a Reply for every message; an empty text means "stay silent".
const handle = async (m: IncomingMessage): Promise<Reply> => (await app.handle(m)) ?? textReply("other", "");

const channels: Record<string, () => unknown> = {};
const stops: (() => Promise<void>)[] = [];

if (config.DINGTALK_CLIENT_ID && config.DINGTALK_CLIENT_SECRET) {
  const { startDingTalk } = await import("./channels/dingtalk/index.ts");
  const dt = await startDingTalk({ config, log: log.child({ channel: "dingtalk" }), handle });
  w.pusher.register("dingtalk", dt.pusher);
  channels.dingtalk = () => dt.state();
  stops.push(() => dt.stop());
}
if (config.WECHATY_PUPPET) {
  const { startWeChat } = await import("./channels/wechat/index.ts");
  const wc = await startWeChat({ config, log, handle, qrOut: process.stderr });
  w.pusher.register("wechat", wc.pusher);
  channels.wechat = () => wc.state();
  stops.push(() => wc.stop());
}

const kbSync = () => w.admin.kbSync?.state() ?? null;
const health = () => ({ channels: Object.fromEntries(Object.entries(channels).map(([k, f]) => [k, f()])), kbSync: kbSync() });
const { server, port } = await startHttp(
  { app, outbox: w.outbox, health, adminSync: kbSync, applyReminderRules: (r) => w.reminders.applyRules(r) },
  config.ZWB_HTTP_PORT,
  config.ZWB_HTTP_HOST,
).catch((err: NodeJS.ErrnoException) => {
  const why = err.code === "EADDRINUSE" ? `端口 ${config.ZWB_HTTP_PORT} 已被占用，请设置 ZWB_HTTP_PORT 换一个端口` : err.message;
  log.fatal({ err }, `本地 HTTP 渠道无法启动: ${why}`);
  process.stderr.write(`本地 HTTP 渠道无法启动 / HTTP channel could not start: ${why}\n`);
  process.exit(1);
});
channels.http = () => ({ state: "open", port });
// Started once every channel's pusher is registered, so the first pass can reach everyone.
// An officer on a channel that is not running would never hear of a ticket: say so at startup.
for (const [unit, officers] of Object.entries(w.deps.tickets.deps.directory.units))
  for (const o of officers)
    if (!w.pusher.has(o.channel))
      log.warn({ unit, officer: o.id, channel: o.channel }, "officer's channel is not running: pushes to them will fail until its credentials are set");
w.reminders.scheduler.start();
log.info(
  { port, channels: Object.keys(channels), kb: w.deps.kb.version, store: config.store, llm: Boolean(w.deps.llm) },
  `政务帮已启动。试一试: curl -s -X POST http://${config.ZWB_HTTP_HOST}:${port}/api/messages -H 'content-type: application/json' -d '{"user":"u1","text":"企业开办多长时间能办结？"}'`,
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "shutting down");
  await w.reminders.scheduler.stop().catch((err) => log.warn({ err }, "reminder scheduler stop failed"));
  for (const s of stops) await s().catch((err) => log.warn({ err }, "channel stop failed"));
  server.close();
  await w.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
