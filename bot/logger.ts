// Logs go to stderr (stdout belongs to the JSONL machine interface) and never carry
// phone numbers, ID-card numbers or secrets: complainants type them into complaints.
import pino, { type Logger } from "pino";

const PHONE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const ID_CARD = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g;

export function scrub(s: string): string {
  return s.replace(ID_CARD, "$1********$2").replace(PHONE, "$1****$2");
}

function scrubDeep(v: unknown, depth = 0): unknown {
  if (typeof v === "string") return scrub(v);
  if (depth > 4 || v === null || typeof v !== "object") return v;
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
        paths: ["*.secret", "*.token", "*.apiKey", "*.password", "*.clientSecret", "*.accessToken", "headers.authorization"],
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

export const silentLogger = (): Logger => pino({ level: "silent" });
