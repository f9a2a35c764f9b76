// The environment, parsed once at startup. An invalid value fails fast naming the variable, in
// Chinese ("ZWB_HTTP_PORT：应为数字").
import { z } from "zod";
import { zhErrorMap } from "../core/zod-zh.ts";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

// One level below the project root, both as source (bot/config.ts) and as the start bundle (dist/).
export const projectRoot = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");

const csv = z
  .string()
  .optional()
  .transform((s) => (s ?? "").split(/[,，\s]+/).map((x) => x.trim()).filter(Boolean));

const emptyToUndef = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const opt = <T extends z.ZodTypeAny>(t: T) => z.preprocess(emptyToUndef, t.optional());

export const ConfigSchema = z
  .object({
    NODE_ENV: opt(z.enum(["development", "production", "test"])),
    ZWB_LOG_LEVEL: z.preprocess(emptyToUndef, z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info")),
    ZWB_HTTP_HOST: z.preprocess(emptyToUndef, z.string().default("127.0.0.1")),
    ZWB_HTTP_PORT: z.preprocess(emptyToUndef, z.coerce.number().int().min(0).max(65535).default(8787)),
    ZWB_KB_DIR: z.preprocess(emptyToUndef, z.string().default(resolve(projectRoot, "knowledge/corpus"))),
    ZWB_CONFIG_DIR: z.preprocess(emptyToUndef, z.string().default(resolve(projectRoot, "config"))),
    ZWB_DATA_DIR: z.preprocess(emptyToUndef, z.string().default("./data")),
    ZWB_STORE: opt(z.enum(["memory", "redis"])),
    REDIS_URL: opt(z.string().url()),
    ZWB_REDIS_PREFIX: z.preprocess(emptyToUndef, z.string().default("zwb:")),
    OPENAI_API_KEY: opt(z.string()),
    OPENAI_BASE_URL: opt(z.string().url()),
    ZWB_LLM_MODEL: z.preprocess(emptyToUndef, z.string().default("gpt-4o-mini")),
    ZWB_EMBEDDING_MODEL: opt(z.string()),
    ZWB_LLM_TIMEOUT_MS: z.preprocess(emptyToUndef, z.coerce.number().int().positive().default(20000)),
    DINGTALK_CLIENT_ID: opt(z.string()),
    DINGTALK_CLIENT_SECRET: opt(z.string()),
    DINGTALK_ROBOT_CODE: opt(z.string()),
    // The OpenAPI host (token, robot sends, file downloads, Stream gateway registration); tests and
    // protocol checks point it at a local peer.
    DINGTALK_API_BASE_URL: opt(z.string().url()),
    // Only when the Stream registration is served elsewhere than DINGTALK_API_BASE_URL.
    DINGTALK_GATEWAY_URL: opt(z.string().url()),
    // A Stream connection with no SYSTEM/CALLBACK frame this many minutes in working time is replaced.
    DINGTALK_SILENT_MINUTES: z.preprocess(emptyToUndef, z.coerce.number().positive().default(10)),
    // Every Stream connection is replaced (make-before-break) after this many hours.
    DINGTALK_ROTATE_HOURS: z.preprocess(emptyToUndef, z.coerce.number().positive().default(4)),
    WECHATY_PUPPET: opt(z.string()),
    WECHATY_PUPPET_SERVICE_TOKEN: opt(z.string()),
    // Read by wechaty-puppet-service itself; validated here because WorkPro tokens cannot work without it.
    WECHATY_PUPPET_SERVICE_AUTHORITY: opt(z.string()),
    // WeCom 智能机器人 in API mode: the Token and EncodingAESKey of its callback settings.
    WECOM_BOT_TOKEN: opt(z.string()),
    WECOM_BOT_AES_KEY: opt(z.string().regex(/^[A-Za-z0-9]{43}$/, "应为企业微信后台生成的 43 位 EncodingAESKey")),
    // A WeCom self-built app (自建应用) for pushes to officers: corp id, the app's secret and agent id.
    WECOM_CORP_ID: opt(z.string()),
    WECOM_CORP_SECRET: opt(z.string()),
    WECOM_AGENT_ID: opt(z.coerce.number().int().positive()),
    WECOM_API_BASE_URL: z.preprocess(emptyToUndef, z.string().url().default("https://qyapi.weixin.qq.com")),
    // The channel messages to POST /api/messages are attributed to. "http" (default): its ids are
    // self-asserted and match no officer or administrator registered on "local". "local": the HTTP
    // door and the console are one channel, so officers registered on local act over HTTP — only
    // behind a gateway that authenticates users.
    ZWB_HTTP_CHANNEL: z.preprocess(emptyToUndef, z.enum(["http", "local"]).default("http")),
    // Largest picture/file/voice a complainant may attach to a ticket, in bytes.
    ZWB_ATTACHMENT_MAX_BYTES: z.preprocess(emptyToUndef, z.coerce.number().int().positive().default(10 * 1024 * 1024)),
    ZWB_WECHAT_ROOMS: z.preprocess(emptyToUndef, z.string().default("政务帮")),
    // Personal-account puppets get banned when they answer at machine speed; 0 disables pacing (tests).
    ZWB_WECHAT_SEND_INTERVAL_MS: z.preprocess(emptyToUndef, z.coerce.number().int().min(0).default(1500)),
    ZWB_ADMIN_IDS: csv,
    // The names people @ the bot by; stripped from the start of a message before it is understood.
    ZWB_BOT_NAMES: z.preprocess(emptyToUndef, z.string().default("政务帮")).transform((s) => s.split(/[,，]/).map((x) => x.trim()).filter(Boolean)),
    ZWB_ADMIN_TOKEN: opt(z.string().min(16, "长度至少 16 个字符")),
    ZWB_ID_SALT: opt(z.string().min(16, "长度至少 16 个字符")),
    ZWB_RATE_LIMIT_PER_MINUTE: z.preprocess(emptyToUndef, z.coerce.number().int().positive().default(20)),
    // How long the question log keeps what people asked (days).
    ZWB_QUESTION_LOG_DAYS: z.preprocess(emptyToUndef, z.coerce.number().int().min(1).max(3650).default(180)),
    // Every Redis command gives up after this long; a complaint then goes to the journal.
    ZWB_REDIS_TIMEOUT_MS: z.preprocess(emptyToUndef, z.coerce.number().int().min(100).max(60_000).default(2000)),
    // HTTP user ids are whatever the caller writes; only behind a gateway that authenticates them may
    // they carry administrator rights (ZWB_ADMIN_IDS entries on http or *).
    ZWB_HTTP_TRUSTED_IDS: z.preprocess(emptyToUndef, z.enum(["true", "false", "1", "0"]).default("false")).transform((v) => v === "true" || v === "1"),
  })
  .superRefine((c, ctx) => {
    if (c.ZWB_STORE === "redis" && !c.REDIS_URL)
      ctx.addIssue({ code: "custom", path: ["REDIS_URL"], message: "ZWB_STORE=redis 时必须设置 REDIS_URL" });
    if (Boolean(c.DINGTALK_CLIENT_ID) !== Boolean(c.DINGTALK_CLIENT_SECRET))
      ctx.addIssue({ code: "custom", path: ["DINGTALK_CLIENT_SECRET"], message: "须与 DINGTALK_CLIENT_ID 同时设置（或同时留空）" });
    if (Boolean(c.WECOM_BOT_TOKEN) !== Boolean(c.WECOM_BOT_AES_KEY))
      ctx.addIssue({ code: "custom", path: [c.WECOM_BOT_TOKEN ? "WECOM_BOT_AES_KEY" : "WECOM_BOT_TOKEN"], message: "WECOM_BOT_TOKEN 与 WECOM_BOT_AES_KEY 须同时设置（或同时留空）" });
    const app = [c.WECOM_CORP_ID, c.WECOM_CORP_SECRET, c.WECOM_AGENT_ID];
    if (app.some(Boolean) && !app.every(Boolean))
      ctx.addIssue({ code: "custom", path: [!c.WECOM_CORP_ID ? "WECOM_CORP_ID" : !c.WECOM_CORP_SECRET ? "WECOM_CORP_SECRET" : "WECOM_AGENT_ID"], message: "企业微信自建应用推送需要 WECOM_CORP_ID、WECOM_CORP_SECRET、WECOM_AGENT_ID 三项同时设置" });
    for (const issue of puppetProblems(c)) ctx.addIssue({ code: "custom", ...issue });
  });

/**
 * The WeChat puppet is checked before anything starts: a puppet module that is not installed, or a
 * puppet service without the token (or, for WorkPro, the authority) it needs, would otherwise only
 * fail when the door starts, in the middle of a running bot.
 */
function puppetProblems(c: { WECHATY_PUPPET?: string; WECHATY_PUPPET_SERVICE_TOKEN?: string; WECHATY_PUPPET_SERVICE_AUTHORITY?: string }): { path: string[]; message: string }[] {
  const puppet = c.WECHATY_PUPPET;
  if (!puppet) return [];
  const out: { path: string[]; message: string }[] = [];
  if (!/^(@[a-z0-9._-]+\/)?[a-z0-9._-]+$/i.test(puppet) || !existsSync(resolve(projectRoot, "node_modules", puppet, "package.json")))
    out.push({ path: ["WECHATY_PUPPET"], message: `未安装 puppet 模块「${puppet}」。可用：wechaty-puppet-service（服务商令牌）、wechaty-puppet-wechat4u；其他 puppet 需先 npm install` });
  const token = c.WECHATY_PUPPET_SERVICE_TOKEN ?? "";
  if (puppet === "wechaty-puppet-service") {
    if (!token) out.push({ path: ["WECHATY_PUPPET_SERVICE_TOKEN"], message: "使用 wechaty-puppet-service 时必须设置服务商发放的令牌" });
    else if (/^puppet_wxwork_/i.test(token))
      out.push({ path: ["WECHATY_PUPPET_SERVICE_TOKEN"], message: "puppet_wxwork 令牌已停止服务；企业微信请改用官方智能机器人（WECOM_BOT_TOKEN、WECOM_BOT_AES_KEY），或向服务商申请 WorkPro 令牌" });
    else if (/^puppet_workpro_/i.test(token) && !c.WECHATY_PUPPET_SERVICE_AUTHORITY)
      out.push({ path: ["WECHATY_PUPPET_SERVICE_AUTHORITY"], message: "WorkPro 令牌须同时设置服务商给出的 WECHATY_PUPPET_SERVICE_AUTHORITY（令牌发现服务地址）" });
  }
  return out;
}

export type Config = z.infer<typeof ConfigSchema> & { store: "memory" | "redis"; projectRoot: string };

export class ConfigError extends Error {}


export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = ConfigSchema.safeParse(env, { error: zhErrorMap });
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join(".") || "(环境变量)"}：${i.message}`);
    throw new ConfigError(`环境变量配置无效 / invalid environment:\n${lines.join("\n")}`);
  }
  const c = r.data;
  return { ...c, store: c.ZWB_STORE ?? (c.REDIS_URL ? "redis" : "memory"), projectRoot };
}

/** For entry points: an invalid environment ends the process with the message and exit code 2. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
}
