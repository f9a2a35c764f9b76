// zwb insights unanswered | stats, zwb report weekly: the console's figures on the command line.
import type { Command } from "commander";
import { writeFile } from "node:fs/promises";
import type { Config } from "../config.ts";
import { createLogger } from "../logger.ts";
import { addDays, beijingMinute, shanghaiDay } from "../../core/time.ts";
import { parseWeek } from "../../insights/weeks.ts";

// Loaded when one of these commands runs: every other `zwb` command starts without them.
const load = async () => ({
  ...(await import("../root/insights.ts")),
  ...(await import("../../insights/stats.ts")),
  ...(await import("../../insights/kpi.ts")),
  ...(await import("../../insights/weekly.ts")),
  ...(await import("../../insights/xlsx.ts")),
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function rangeOf(o: { from?: string; to?: string; days?: string }): { fromDay: string; toDay: string } {
  const toDay = o.to ?? shanghaiDay(new Date());
  const fromDay = o.from ?? addDays(toDay, -(Math.max(1, Number(o.days) || 30) - 1));
  for (const [name, v] of [["--from", fromDay], ["--to", toDay]] as const)
    if (!DAY.test(v)) {
      process.stderr.write(`${name} 应为 YYYY-MM-DD，收到「${v}」\n`);
      process.exit(2);
    }
  return { fromDay, toDay };
}

const print = (o: unknown) => process.stdout.write(`${JSON.stringify(o, null, 2)}\n`);

export function insightsCommands(program: Command, config: () => Config): void {
  const ins = program.command("insights").description("questions people asked and did not get; the dashboard's figures");
  ins
    .command("unanswered")
    .description("unanswered question groups (refused, suggested but not picked, rated unhelpful)")
    .option("--from <day>", "first Beijing day, YYYY-MM-DD")
    .option("--to <day>", "last Beijing day (default today)")
    .option("--days <n>", "days back from --to when --from is not given", "30")
    .option("--json", "JSON output")
    .action(async (o: { from?: string; to?: string; days?: string; json?: boolean }) => {
      const r = rangeOf(o);
      const { openInsightsOnly, unansweredGroups } = await load();
      const { sources, close } = await openInsightsOnly(config(), createLogger("warn"));
      try {
        const groups = await unansweredGroups(sources, r.fromDay, r.toDay);
        if (o.json) print({ ...r, groups });
        else {
          process.stdout.write(`未解决问题 ${r.fromDay} 至 ${r.toDay}：${groups.length} 组\n`);
          for (const g of groups.slice(0, 50)) process.stdout.write(`${g.id}  ${String(g.count).padStart(4)} 次  最近 ${beijingMinute(g.last)}  ${g.title}${g.questions.length > 1 ? `（另 ${g.questions.length - 1} 种问法）` : ""}\n`);
        }
      } finally {
        await close();
      }
    });
  ins
    .command("stats")
    .description("the dashboard's figures: tickets, on-time rates per clock and unit, questions, top topics")
    .option("--from <day>", "first Beijing day, YYYY-MM-DD")
    .option("--to <day>", "last Beijing day (default today)")
    .option("--days <n>", "days back from --to when --from is not given", "30")
    .option("--unit <unit>", "only this unit's tickets")
    .option("--json", "JSON output")
    .action(async (o: { from?: string; to?: string; days?: string; unit?: string; json?: boolean }) => {
      const r = rangeOf(o);
      const { openInsightsOnly, computeStats, pct } = await load();
      const { sources, close } = await openInsightsOnly(config(), createLogger("warn"));
      try {
        const s = await computeStats(sources, { ...r, unit: o.unit, now: new Date() });
        if (o.json) print(s);
        else {
          const t = s.tickets;
          process.stdout.write(
            [
              `统计 ${r.fromDay} 至 ${r.toDay}${o.unit ? `（${o.unit}）` : ""}`,
              `新登记工单 ${t.created.total} 件；按时受理率 ${pct(t.acceptRate.rate)}（${t.acceptRate.onTime}/${t.acceptRate.due}），按期办结率 ${pct(t.resolveRate.rate)}，满意率 ${pct(t.satisfaction.rate)}，重办率 ${pct(t.reopen.rate)}`,
              `当前超期 ${t.overdue.tickets} 件：${t.overdue.byUnit.map((u) => `${u.unit} ${u.tickets}`).join("，") || "无"}`,
              `咨询 ${s.questions.total} 次：已答复 ${pct(s.questions.shares.answer)}，推荐 ${pct(s.questions.shares.suggest)}，未能答复 ${pct(s.questions.shares.refuse)}`,
            ].join("\n") + "\n",
          );
        }
      } finally {
        await close();
      }
    });

  const rep = program.command("report").description("reports of the supervising office");
  rep
    .command("weekly")
    .description("the weekly report (default: the last full week)")
    .option("--week <week>", "ISO week, e.g. 2026-W49")
    .option("--json", "JSON output")
    .option("--xlsx <file>", "write an .xlsx with one sheet per table")
    .action(async (o: { week?: string; json?: boolean; xlsx?: string }) => {
      const week = o.week ? parseWeek(o.week) : null;
      if (o.week && !week) {
        process.stderr.write(`--week 应为 2026-W49 这样的 ISO 周次，收到「${o.week}」\n`);
        process.exit(2);
      }
      const { openInsightsOnly, weeklyReport, weeklySummary, weeklyWorkbook } = await load();
      const { sources, close } = await openInsightsOnly(config(), createLogger("warn"));
      try {
        const r = await weeklyReport(sources, week, new Date());
        if (o.xlsx) {
          await writeFile(o.xlsx, await weeklyWorkbook(r));
          process.stderr.write(`已写入 ${o.xlsx}（${r.label}）\n`);
        }
        if (o.json) print(r);
        else if (!o.xlsx) process.stdout.write(`${weeklySummary(r)}\n`);
      } finally {
        await close();
      }
    });
}
