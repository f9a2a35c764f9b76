// zwb reminders preview|run|ladder and zwb tasks list|enable|disable|done
import type { Command } from "commander";
import type { Config } from "../config.ts";
import { createLogger } from "../logger.ts";
import { systemClock, type Clock } from "../../core/clock.ts";
import { buildRoot, type Root } from "../root/index.ts";
import type { PassReport } from "../../reminders/scheduler.ts";
import { TASK_STATUS_ZH, type TaskStatus } from "../../reminders/task-service.ts";
import { everyZh } from "../../reminders/tasks.ts";
import { beijingMinute } from "../../core/time.ts";

async function withWired<T>(config: () => Config, fn: (w: Root) => Promise<T>, clock: Clock = systemClock): Promise<T> {
  const cfg = config();
  const w = await buildRoot(cfg, createLogger(cfg.ZWB_LOG_LEVEL === "info" ? "warn" : cfg.ZWB_LOG_LEVEL), clock);
  try {
    return await fn(w);
  } finally {
    await w.close();
  }
}


function printReport(r: PassReport, json: boolean | undefined, verb: string): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    return;
  }
  if (r.quiet) {
    process.stdout.write(`${beijingMinute(r.at)}(北京时间):静默时段(非工作日或非工作时间),不推送。\n`);
    return;
  }
  process.stdout.write(`${beijingMinute(r.at)}(北京时间):检查期限 ${r.considered} 个,待提醒步骤 ${r.due} 个,${verb} ${r.sent.length} 条${r.retrying ? `,待重试 ${r.retrying} 条` : ""}${r.failed ? `,失败 ${r.failed} 条` : ""}。\n`);
  for (const p of r.sent) process.stdout.write(`\n→ ${p.to.channel}:${p.to.userId}(${p.role},${p.step})\n${p.text}\n`);
}

const TASK_STATUSES = Object.keys(TASK_STATUS_ZH) as TaskStatus[];

/** "on,past", "已启用、未启用" or "已过期": English or Chinese names; unknown names are reported. */
export function parseTaskStatuses(input: string): { statuses: TaskStatus[] } | { unknown: string[] } {
  const byName = new Map<string, TaskStatus>();
  for (const k of TASK_STATUSES) {
    byName.set(k, k);
    byName.set(TASK_STATUS_ZH[k], k);
    byName.set(TASK_STATUS_ZH[k].replace(/[(（].*$/, ""), k); // 已过期(不提醒) → 已过期
  }
  const parts = input.split(/[,，、\s]+/).filter(Boolean);
  const unknown = parts.filter((p) => !byName.has(p));
  return unknown.length ? { unknown } : { statuses: parts.map((p) => byName.get(p)!) };
}

export function reminderCommands(program: Command, config: () => Config): void {
  const r = program.command("reminders").description("deadline reminders to officers");

  r.command("preview")
    .description("what a pass would send at a moment, without sending")
    .option("--at <iso>", "ISO time, e.g. 2025-10-13T09:00:00+08:00 (default: now)")
    .option("--json", "JSON output")
    .action(async (o: { at?: string; json?: boolean }) => {
      const at = o.at ? new Date(o.at) : new Date();
      if (Number.isNaN(at.getTime())) {
        process.stderr.write(`无效的时间 ${o.at}\n`);
        process.exit(2);
      }
      await withWired(config, async (w) => printReport(await w.reminders.scheduler.preview(at), o.json, "将发送"));
    });

  r.command("run")
    .description("run one sending pass now and print what was sent")
    .option("--once", "one pass (the only mode; the bot runs the loop)", true)
    .option("--json", "JSON output")
    .action(async (o: { json?: boolean }) => {
      await withWired(config, async (w) => {
        const rep = await w.reminders.scheduler.pass();
        printReport(rep, o.json, "已发送");
        // Local pushes have no other reader in a one-shot run: show them here.
        if (!o.json) for (const p of w.outbox.drain()) process.stdout.write(`\n[本地发件箱] ${p.to.userId}: ${p.text.split("\n")[0]}\n`);
      });
    });

  r.command("ladder <dueAt>")
    .description("the reminder steps of a deadline ending at dueAt (ISO)")
    .option("--json", "JSON output")
    .action(async (dueAt: string, o: { json?: boolean }) => {
      await withWired(config, async (w) => {
        const steps = w.reminders.scheduler.ladder.steps(new Date(dueAt), w.reminders.rules.overdue.escalateAfterWorkdays + 1);
        if (o.json) process.stdout.write(`${JSON.stringify(steps, null, 2)}\n`);
        else for (const s of steps) process.stdout.write(`${beijingMinute(s.at)}  ${s.id}${s.escalate ? "  (督办)" : ""}  ${s.rule}\n`);
      });
    });

  const t = program.command("tasks").description("dated duties from the policies, reminded once enabled");
  t.command("list")
    .option("--status <status>", "off | on | done | past (comma separated)")
    .option("--json", "JSON output")
    .action(async (o: { status?: string; json?: boolean }) => {
      await withWired(config, async (w) => {
        const want = o.status === undefined ? undefined : parseTaskStatuses(o.status);
        if (want && "unknown" in want) {
          process.stderr.write(`未知的任务状态：${want.unknown.join("、")}。可用的状态：${TASK_STATUSES.map((k) => `${k}（${TASK_STATUS_ZH[k]}）`).join("、")}；多个用逗号分隔。\n`);
          process.exitCode = 2;
          return;
        }
        const list = (await w.reminders.tasks.list()).filter((x) => !want || want.statuses.includes(x.status));
        if (o.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        else
          for (const x of list)
            process.stdout.write(`${x.id}  ${TASK_STATUS_ZH[x.status]}  ${x.type === "once" ? `一次性 ${x.date}` : `${everyZh(x)} 下期 ${x.dueDay}`}  ${x.unit}  ${x.title}  〔${x.docTitle} ${x.section}〕\n`);
      });
    });
  for (const [verb, desc] of [["enable", "switch reminders on"], ["disable", "switch reminders off"], ["done", "report the open occurrence done"]] as const) {
    t.command(`${verb} <id>`)
      .description(desc)
      .action(async (id: string) => {
        await withWired(config, async (w) => {
          const out = await w.reminders.tasks[verb](id, "cli");
          process.stdout.write(`${out.text}\n`);
          process.exitCode = out.ok ? 0 : 1;
        });
      });
  }
}
