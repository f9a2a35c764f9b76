// zwb tickets list | show <id> | export --csv
import type { Command } from "commander";
import type { Config } from "../config.ts";
import { createLogger } from "../logger.ts";
import { openStoreOnly } from "../root/index.ts";
import { STATUS_ZH, type Ticket, type TicketStatus } from "../../tickets/types.ts";

function csvCell(v: unknown): string {
  let s = String(v ?? "");
  // Spreadsheet formula injection: a complaint text starting with = + - @ must not run in Excel.
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function ticketsCsv(ts: Ticket[], now: Date): string {
  const head = ["单号", "状态", "类别", "责任单位", "优先级", "创建时间", "最近到期", "是否超期", "评价", "内容"];
  const rows = ts.map((t) => {
    const open = t.deadlines.filter((d) => !d.metAt).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    const next = open[0]?.dueAt ?? "";
    return [t.id, STATUS_ZH[t.status], t.category, t.unit, t.priority === "high" ? "优先" : "普通", t.createdAt, next, next && Date.parse(next) < now.getTime() ? "是" : "否", t.rating === "satisfied" ? "满意" : t.rating === "unsatisfied" ? "不满意" : "", t.text];
  });
  return [head, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

export function ticketCommands(program: Command, config: () => Config): void {
  const t = program.command("tickets").description("complaint tickets");
  const open = async () => {
    const cfg = config();
    return openStoreOnly(cfg, createLogger("warn"));
  };

  t.command("list")
    .option("--status <status>", "open | accepted | replied | resolved | closed | reopened (comma separated)")
    .option("--unit <unit>", "responsible unit")
    .option("--overdue", "only tickets with a missed deadline")
    .option("--json", "JSON output")
    .action(async (o: { status?: string; unit?: string; overdue?: boolean; json?: boolean }) => {
      const store = await open();
      const ts = await store.list({
        status: o.status ? (o.status.split(",") as TicketStatus[]) : undefined,
        unit: o.unit,
        overdueAt: o.overdue ? new Date() : undefined,
      });
      await store.close();
      if (o.json) process.stdout.write(`${JSON.stringify(ts, null, 2)}\n`);
      else for (const x of ts) process.stdout.write(`${x.id}  ${STATUS_ZH[x.status]}  ${x.unit}  ${x.category}  ${x.text.slice(0, 40)}\n`);
    });

  t.command("show <id>")
    .option("--json", "JSON output")
    .action(async (id: string, o: { json?: boolean }) => {
      const store = await open();
      const ticket = await store.get(id);
      const history = ticket ? await store.history(id) : [];
      await store.close();
      if (!ticket) {
        process.stderr.write(`没有工单 ${id}\n`);
        process.exitCode = 1;
        return;
      }
      if (o.json) process.stdout.write(`${JSON.stringify({ ...ticket, history }, null, 2)}\n`);
      else {
        process.stdout.write(`${ticket.id} ${STATUS_ZH[ticket.status]} ${ticket.unit} ${ticket.category}\n${ticket.text}\n`);
        for (const d of ticket.deadlines) process.stdout.write(`  期限 ${d.kind} ${d.dueAt}${d.metAt ? ` 已完成 ${d.metAt}` : ""}（${d.rule}）\n`);
        for (const e of history) process.stdout.write(`  ${e.at} ${e.type} ${e.by} ${e.note ?? ""}\n`);
      }
    });

  t.command("export")
    .option("--csv", "CSV (the only format)", true)
    .action(async () => {
      const store = await open();
      const ts = await store.list({});
      await store.close();
      process.stdout.write("\ufeff" + ticketsCsv(ts, new Date())); // BOM: Excel opens UTF-8 Chinese correctly
    });
}
