// The administrators' audit trail: who did what, when, from which door. Append-only JSONL in
// ZWB_DATA_DIR/audit.jsonl (the record that survives), mirrored to a Redis stream when Redis is
// configured so several instances can be read in one place. Refusals are recorded too.
import { appendFile, mkdir, open, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Logger } from "../../core/log.ts";
import type { AuditEntry, AuditInput, AuditTrail } from "../../core/audit.ts";

export type { AuditEntry, AuditInput };
import type { RedisClient } from "../../tickets/redis-store.ts";

export interface AuditOptions {
  redis?: RedisClient | null;
  prefix?: string;
  log?: Logger;
  now?: () => Date;
  /** Cap of the Redis stream (approximate); the file keeps everything. */
  streamMax?: number;
}

export const auditFileOf = (dataDir: string) => resolve(dataDir, "audit.jsonl");

export class AuditLog implements AuditTrail {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly opts: AuditOptions = {},
  ) {}

  get streamKey(): string {
    return `${this.opts.prefix ?? "zwb:"}audit`;
  }

  /** Resolves once the line is on disk; a failed Redis mirror is logged, never thrown. */
  record(input: AuditInput): Promise<AuditEntry> {
    const entry: AuditEntry = { ...input, at: input.at ?? (this.opts.now?.() ?? new Date()).toISOString() };
    // One line per write call, in order: O_APPEND keeps concurrent processes from interleaving lines.
    const run = this.chain.then(async () => {
      await mkdir(dirname(this.file), { recursive: true });
      await appendFile(this.file, `${JSON.stringify(entry)}\n`, "utf8");
    });
    this.chain = run.catch(() => undefined);
    const redis = this.opts.redis;
    const mirrored =
      redis?.isReady
        ? redis
            .xAdd(this.streamKey, "*", { entry: JSON.stringify(entry) }, { TRIM: { strategy: "MAXLEN", strategyModifier: "~", threshold: this.opts.streamMax ?? 10_000 } })
            .catch((err: unknown) => this.opts.log?.warn({ err }, "audit stream write failed"))
        : Promise.resolve();
    this.opts.log?.debug({ audit: true, ...entry }, "audit");
    return Promise.all([run, mirrored]).then(() => entry);
  }

  /** The last n entries, oldest first. Reads only the end of the file, so a long log stays cheap. */
  async tail(n = 20): Promise<AuditEntry[]> {
    let size: number;
    try {
      size = (await stat(this.file)).size;
    } catch {
      return [];
    }
    const fh = await open(this.file, "r");
    try {
      let chunk = 64 * 1024;
      for (;;) {
        const start = Math.max(0, size - chunk);
        const buf = Buffer.alloc(size - start);
        await fh.read(buf, 0, buf.length, start);
        const lines = buf.toString("utf8").split("\n").filter(Boolean);
        // The first line of a partial read may be cut in half; drop it unless we read from 0.
        const whole = start === 0 ? lines : lines.slice(1);
        if (whole.length >= n || start === 0) return whole.slice(-n).flatMap(parseLine);
        chunk *= 4;
      }
    } finally {
      await fh.close();
    }
  }
}

function parseLine(l: string): AuditEntry[] {
  try {
    return [JSON.parse(l) as AuditEntry];
  } catch {
    return [];
  }
}

export function formatAuditEntry(e: AuditEntry): string {
  const verdict = !e.allowed ? "拒绝" : e.ok === false ? "失败" : "成功";
  const detail = e.detail ? ` ${JSON.stringify(e.detail)}` : "";
  return `${e.at}  ${e.channel}  ${e.actor}  ${e.action}  ${verdict}${detail}`;
}
