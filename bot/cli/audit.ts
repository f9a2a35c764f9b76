// The command-line side of administration: `zwb audit tail`, and what `zwb kb reload` does after
// its report (audit entry; with Redis, tell the running instances to reload).
import type { Command } from "commander";
import { userInfo } from "node:os";
import type { Config } from "../config.ts";
import { createLogger } from "../logger.ts";
import type { ReloadReport } from "../../knowledge/service.ts";
import { AuditLog, auditFileOf, formatAuditEntry } from "../admin/audit.ts";
import { kbChannel, kbVersionKey, type KbReloadMessage } from "../admin/kb-sync.ts";
import { openRedisIfReachable } from "../root/index.ts";
import { closeRedis } from "../root/redis.ts";
import { openAudit } from "../root/admin.ts";

function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return "cli:unknown";
  }
}

/** Audits a CLI reload and, when it passed and Redis is configured, broadcasts it. Returns subscribers reached. */
export async function afterCliReload(cfg: Config, report: ReloadReport, dir: string): Promise<number | null> {
  const log = createLogger("warn");
  const redis = await openRedisIfReachable(cfg, log);
  try {
    const audit = openAudit(cfg.ZWB_DATA_DIR, redis, cfg.ZWB_REDIS_PREFIX, log);
    let reached: number | null = null;
    // Only a reload of the folder the bots serve means anything to them; --dir elsewhere is a dry check.
    if (redis && report.ok && dir === cfg.ZWB_KB_DIR) {
      const msg: KbReloadMessage = { version: report.version, from: cliActor(), at: new Date().toISOString() };
      await redis.set(kbVersionKey(cfg.ZWB_REDIS_PREFIX), report.version);
      reached = await redis.publish(kbChannel(cfg.ZWB_REDIS_PREFIX), JSON.stringify(msg));
    }
    await audit.record({
      actor: cliActor(),
      channel: "cli",
      action: "kb.reload",
      allowed: true,
      ok: report.ok,
      detail: { dir, version: report.version, errors: report.errors.length, ...(reached !== null ? { instancesNotified: reached } : {}) },
    });
    return reached;
  } finally {
    await closeRedis(redis);
  }
}

export function auditCommands(program: Command, config: () => Config): void {
  const a = program.command("audit").description("administrators' audit log");
  a.command("tail")
    .description("print the last entries of ZWB_DATA_DIR/audit.jsonl")
    .option("-n, --lines <n>", "how many entries", "20")
    .option("--json", "one JSON object per line")
    .action(async (o: { lines: string; json?: boolean }) => {
      const cfg = config();
      const entries = await new AuditLog(auditFileOf(cfg.ZWB_DATA_DIR)).tail(Math.max(1, Number(o.lines) || 20));
      if (!entries.length) process.stderr.write(`审计日志为空：${auditFileOf(cfg.ZWB_DATA_DIR)}\n`);
      for (const e of entries) process.stdout.write(`${o.json ? JSON.stringify(e) : formatAuditEntry(e)}\n`);
    });
}
