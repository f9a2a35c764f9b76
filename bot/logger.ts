// Logs go to stderr (stdout belongs to the JSONL machine interface) and never carry
// phone numbers, ID-card numbers or secrets: complainants type them into complaints.
// JSON lines everywhere, except readable lines in the interactive console chat.
import pino from "pino";
import { prettyFactory } from "pino-pretty";
import type { Logger } from "../core/log.ts";
import { scrub } from "../core/privacy.ts";

function scrubDeep(v: unknown, depth = 0): unknown {
  if (typeof v === "string") return scrub(v);
  if (v === null || typeof v !== "object") return v;
  if (depth > 4) return "[nested too deep to log]";
  if (v instanceof Error) return { type: v.name, message: scrub(v.message), stack: v.stack && scrub(v.stack) };
  if (Array.isArray(v)) return v.map((x) => scrubDeep(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = scrubDeep(x, depth + 1);
  return out;
}


/** `dest` defaults to stderr; tests pass a stream to read what would have been logged. */
export function createLogger(level = "info", name = "zwb", dest: pino.DestinationStream = pino.destination({ fd: 2, sync: true })): Logger {
  return pino(
    {
      name,
      level,
      redact: {
        paths: [
          ...["secret", "token", "apiKey", "password", "clientSecret", "accessToken", "OPENAI_API_KEY", "DINGTALK_CLIENT_SECRET", "WECHATY_PUPPET_SERVICE_TOKEN", "ZWB_ADMIN_TOKEN", "ZWB_ID_SALT", "WECOM_BOT_TOKEN", "WECOM_BOT_AES_KEY", "WECOM_CORP_SECRET", "corpSecret", "aesKey"].flatMap((k) => [k, `*.${k}`]),
          "headers.authorization",
          "*.headers.authorization",
        ],
        censor: "[redacted]",
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => scrubDeep(a)) as Parameters<typeof method>);
        },
      },
    },
    dest,
  );
}

/**
 * The interactive console chat (`zwb chat`): one readable line per entry on stderr instead of JSON
 * between the turns, formatted in-process and synchronously, after the same redaction and
 * scrubbing. `out` is for tests.
 */
export function createConsoleLogger(level = "warn", out: { write(s: string): unknown; isTTY?: boolean } = process.stderr): Logger {
  const format = prettyFactory({ colorize: Boolean(out.isTTY), ignore: "pid,hostname,name", translateTime: "SYS:HH:MM:ss" });
  return createLogger(level, "zwb", { write: (line: string) => void out.write(format(line)) });
}
