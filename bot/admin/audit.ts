// The administrators' audit trail: who did what, when, from which door. Append-only JSONL in
// ZWB_DATA_DIR/audit.jsonl (the record that survives), mirrored to a Redis stream when Redis is
// configured so several instances can be read in one place. Refusals are recorded too.
// Bounded: an entry's fields are cut to fixed sizes (a hostile path or name cannot make an entry
// large), the file is rotated at `maxFileBytes` keeping `keepFiles` old ones (audit.jsonl.1 …), and
// the stream is trimmed with XADD MAXLEN ~.
import { appendFile, mkdir, open, rename, stat } from "node:fs/promises";
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
  /** Cap of the Redis stream (approximate). */
  streamMax?: number;
  /** The file is rotated when it grows past this many bytes. */
  maxFileBytes?: number;
  /** Rotated files kept (audit.jsonl.1 is the newest). */
  keepFiles?: number;
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);
const MAX_DETAIL_CHARS = 2000;

/** The entry as written: every field of bounded size. */
export function boundEntry(e: AuditEntry): AuditEntry {
  const out: AuditEntry = { ...e, actor: cut(String(e.actor), 120), channel: cut(String(e.channel), 20), action: cut(String(e.action), 160) };
  if (e.detail) {
    const json = JSON.stringify(e.detail);
    if (json.length > MAX_DETAIL_CHARS) out.detail = { truncated: true, preview: json.slice(0, 500) };
  }
  return out;
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
  private size: number | null = null;

  record(input: AuditInput): Promise<AuditEntry> {
    const entry = boundEntry({ ...input, at: input.at ?? (this.opts.now?.() ?? new Date()).toISOString() });
    const line = `${JSON.stringify(entry)}\n`;
    // One line per write call, in order: O_APPEND keeps concurrent processes from interleaving lines.
    const run = this.chain.then(async () => {
      await mkdir(dirname(this.file), { recursive: true });
      await this.rotateIfFull(Buffer.byteLength(line));
      await appendFile(this.file, line, "utf8");
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

  private async rotateIfFull(adding: number): Promise<void> {
    const max = this.opts.maxFileBytes ?? 20 * 1024 * 1024;
    if (this.size === null) this.size = await stat(this.file).then((s) => s.size, () => 0);
    if (this.size + adding <= max) {
      this.size += adding;
      return;
    }
    // Another process may have rotated already: look at the file itself before moving it.
    const real = await stat(this.file).then((s) => s.size, () => 0);
    if (real + adding > max && real > 0) {
      const keep = this.opts.keepFiles ?? 5;
      for (let i = keep - 1; i >= 1; i--) await rename(`${this.file}.${i}`, `${this.file}.${i + 1}`).catch(() => undefined);
      await rename(this.file, `${this.file}.1`).catch(() => undefined);
      this.size = adding;
    } else this.size = real + adding;
  }

  /** The last n entries, oldest first, reading back into rotated files as far as needed. */
  async tail(n = 20): Promise<AuditEntry[]> {
    let out = await tailOf(this.file, n);
    for (let i = 1; out.length < n && i <= (this.opts.keepFiles ?? 5); i++) out = [...(await tailOf(`${this.file}.${i}`, n - out.length)), ...out];
    return out;
  }
}

/** The last n entries of one file. Reads only the end of the file, so a long log stays cheap. */
async function tailOf(file: string, n: number): Promise<AuditEntry[]> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return [];
  }
  const fh = await open(file, "r");
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
