// The real pipeline for end-to-end tests: loadConfig(env) → buildRoot() → createApp(), each test with its
// own data folder and, when officers must sit on a given channel, its own copy of config/.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { createApp, type App } from "../../bot/app.ts";
import { loadConfig, type Config } from "../../bot/config.ts";
import { createLogger } from "../../bot/logger.ts";
import { silentLogger, type Logger } from "../../core/log.ts";
import { buildRoot, type Root } from "../../bot/root/index.ts";
import type { Clock } from "../../core/clock.ts";
import type { ChannelName, IncomingMessage, Reply } from "../../core/message.ts";
import { RoutingSchema, DirectorySchema, type DirectoryConfig } from "../../tickets/config.ts";

export const ROOT = resolve(import.meta.dirname, "../..");
export const CONFIG_DIR = join(ROOT, "config");

export const WATER_QUESTION = "无外线工程的用水报装要几个工作日?";
export const WATER_DOC = "xuwei-2021-zuofeng-jianshe";

export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `zwb-e2e-${tag}-`));
}

export function readDirectory(dir = CONFIG_DIR): DirectoryConfig {
  return DirectorySchema.parse(JSON.parse(readFileSync(join(dir, "directory.json"), "utf8")));
}

/** The unit config/routing.json sends complaints containing `keyword` to (keyword rules win over every hint). */
export function unitForKeyword(keyword: string): string {
  const routing = RoutingSchema.parse(JSON.parse(readFileSync(join(CONFIG_DIR, "routing.json"), "utf8")));
  const rule = routing.keywords.find((k) => k.match.includes(keyword));
  if (!rule) throw new Error(`routing.json has no keyword rule for ${keyword}`);
  return rule.unit;
}

/**
 * Copies config/*.json and config/calendar into a temp folder and makes `officer` the only officer of
 * `unit`, so the routed unit's notices and commands go through the channel under test.
 */
export function configWithOfficer(unit: string, officer: { channel: ChannelName; userId: string; name?: string }): string {
  const dir = tempDir("config");
  for (const f of readdirSync(CONFIG_DIR).filter((f) => f.endsWith(".json"))) cpSync(join(CONFIG_DIR, f), join(dir, f));
  cpSync(join(CONFIG_DIR, "calendar"), join(dir, "calendar"), { recursive: true });
  const raw = JSON.parse(readFileSync(join(dir, "directory.json"), "utf8"));
  raw.units[unit] = [{ id: "e2e-officer", name: officer.name ?? "测试承办人", channel: officer.channel, userId: officer.userId, role: "officer" }];
  writeFileSync(join(dir, "directory.json"), JSON.stringify(raw, null, 2));
  return dir;
}

export interface Running {
  app: App;
  w: Root;
  config: Config;
  dataDir: string;
  /** Closes the store and removes the temp folders. */
  close(): Promise<void>;
}

/** The production wiring with a temp ZWB_DATA_DIR; `env` adds or overrides variables. */
export async function startApp(env: Record<string, string> = {}, opts: { log?: Logger; clock?: Clock; cleanup?: string[] } = {}): Promise<Running> {
  const dataDir = tempDir("data");
  const config = loadConfig({
    ZWB_LOG_LEVEL: "silent",
    ZWB_DATA_DIR: dataDir,
    ZWB_STORE: "memory",
    // The tests send many messages from one user within a minute; the limiter has its own tests.
    ZWB_RATE_LIMIT_PER_MINUTE: "10000",
    ZWB_WECHAT_SEND_INTERVAL_MS: "0",
    ...env,
  });
  const w = await buildRoot(config, opts.log ?? silentLogger(), opts.clock);
  const app = createApp(w.deps);
  return {
    app,
    w,
    config,
    dataDir,
    async close() {
      await w.close();
      for (const d of [dataDir, ...(opts.cleanup ?? [])]) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** The logger the bot really uses (createLogger, with its scrubbing), writing into a string. */
export function capturedLogger(level = "debug"): { log: Logger; text: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { log: createLogger(level, "zwb-e2e", sink), text: () => chunks.join("") };
}

let seq = 0;
/** A local-channel message with a fresh messageId unless one is given. */
export function localMsg(userId: string, text: string, over: Partial<IncomingMessage> = {}): IncomingMessage {
  return { channel: "local", messageId: `e2e-${process.pid}-${++seq}`, userId, text, mentioned: true, receivedAt: new Date(), ...over };
}

/** Handle for doors: they want a Reply for every message; empty text means silence. */
export function doorHandle(app: App): (m: IncomingMessage) => Promise<Reply> {
  return async (m) => (await app.handle(m)) ?? { intent: "other", text: "", grounded: false, citations: [], ticket: null, pushes: [] };
}

/** Polls until cond() holds; fails naming `what`. */
export async function waitUntil(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 8000): Promise<void> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
