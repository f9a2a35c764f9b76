// The environment, parsed once at startup. An invalid value fails fast naming the variable, in
// Chinese ("ZWB_HTTP_PORT：应为数字").
import { z } from "zod";
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
    WECHATY_PUPPET: opt(z.string()),
    WECHATY_PUPPET_SERVICE_TOKEN: opt(z.string()),
    ZWB_WECHAT_ROOMS: z.preprocess(emptyToUndef, z.string().default("政务帮")),
    // Personal-account puppets get banned when they answer at machine speed; 0 disables pacing (tests).
    ZWB_WECHAT_SEND_INTERVAL_MS: z.preprocess(emptyToUndef, z.coerce.number().int().min(0).default(1500)),
    ZWB_ADMIN_IDS: csv,
    // The names people @ the bot by; stripped from the start of a message before it is understood.
    ZWB_BOT_NAMES: z.preprocess(emptyToUndef, z.string().default("政务帮")).transform((s) => s.split(/[,，]/).map((x) => x.trim()).filter(Boolean)),
    ZWB_ADMIN_TOKEN: opt(z.string().min(16, "长度至少 16 个字符")),
    ZWB_ID_SALT: opt(z.string().min(16, "长度至少 16 个字符")),
    ZWB_RATE_LIMIT_PER_MINUTE: z.preprocess(emptyToUndef, z.coerce.number().int().positive().default(20)),
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
  });

export type Config = z.infer<typeof ConfigSchema> & { store: "memory" | "redis"; projectRoot: string };

export class ConfigError extends Error {}

const zhCN = z.locales.zhCN().localeError;

/**
 * Short Chinese messages for the checks the schema uses, zod's zh-CN locale for anything else.
 * Passed per parse, so other schemas of the project keep zod's default (English) messages.
 */
const configErrorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case "invalid_type":
      if (iss.expected === "number") return "应为数字";
      if (iss.expected === "int") return "应为整数";
      if (iss.expected === "string") return "应为字符串";
      break;
    case "too_small":
      if (iss.origin === "number") return iss.inclusive ? `应不小于 ${iss.minimum}` : `应大于 ${iss.minimum}`;
      break;
    case "too_big":
      if (iss.origin === "number") return iss.inclusive ? `应不大于 ${iss.maximum}` : `应小于 ${iss.maximum}`;
      break;
    case "invalid_value":
      return `应为以下之一：${iss.values.map(String).join("、")}`;
    case "invalid_format":
      if (iss.format === "url") return "应为合法的 URL";
      break;
  }
  return zhCN(iss);
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = ConfigSchema.safeParse(env, { error: configErrorMap });
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
