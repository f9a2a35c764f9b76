// Logs go to stderr (stdout belongs to the JSONL machine interface) and never carry
// phone numbers, ID-card numbers or secrets: complainants type them into complaints.
// JSON lines everywhere, except readable lines in the interactive console chat.
import pino, { type Logger } from "pino";
import { prettyFactory } from "pino-pretty";

// Mobile numbers as people type them: 13812345678, +86 138 1234 5678, 0086-138-1234-5678.
const PHONE = /(?<!\d)(?:(?:\+|00)86[\s-]?)?(1[3-9]\d)[\s-]?\d{4}[\s-]?(\d{4})(?!\d)/g;
// 18-digit ID numbers, and the old 15-digit ones.
const ID_CARD = /(?<![0-9A-Za-z])(\d{6})(?:\d{8}(\d{3}[\dXx])|\d{6}(\d{3}))(?![0-9A-Za-z])/g;

export function scrub(s: string): string {
  // Full-width digits (１３８…) are digits too.
  const t = /[\uff10-\uff19\uff0b]/.test(s) ? s.normalize("NFKC") : s;
  return t.replace(ID_CARD, (_m, head, tail18, tail15) => `${head}********${tail18 ?? tail15}`).replace(PHONE, "$1****$2");
}

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

export type { Logger };

/** `dest` defaults to stderr; tests pass a stream to read what would have been logged. */
export function createLogger(level = "info", name = "zwb", dest: pino.DestinationStream = pino.destination({ fd: 2, sync: true })): Logger {
  return pino(
    {
      name,
      level,
      redact: {
        paths: [
          ...["secret", "token", "apiKey", "password", "clientSecret", "accessToken", "OPENAI_API_KEY", "DINGTALK_CLIENT_SECRET", "WECHATY_PUPPET_SERVICE_TOKEN", "ZWB_ADMIN_TOKEN", "ZWB_ID_SALT"].flatMap((k) => [k, `*.${k}`]),
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

export const silentLogger = (): Logger => pino({ level: "silent" });
