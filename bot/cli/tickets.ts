// zwb tickets list | show <id> | export --csv
import type { Command } from "commander";
import type { Config } from "../config.ts";
import { createLogger } from "../logger.ts";
import { openStoreOnly } from "../root/index.ts";
import { loadTicketConfig, type SlaConfig } from "../../tickets/config.ts";
import { deadlineLabel } from "../../tickets/sla.ts";
import { EVENT_ZH, STATUS_ZH, type Ticket, type TicketEvent, type TicketStatus } from "../../tickets/types.ts";
import { beijingMinute } from "../../core/time.ts";

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
    return [t.id, STATUS_ZH[t.status], t.category, t.unit, t.priority === "high" ? "优先" : "普通", beijingMinute(t.createdAt), next && beijingMinute(next), next && Date.parse(next) < now.getTime() ? "是" : "否", t.rating === "satisfied" ? "满意" : t.rating === "unsatisfied" ? "不满意" : "", t.text];
  });
  return [head, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

const STATUSES = Object.keys(STATUS_ZH) as TicketStatus[];
/** Other Chinese words people use for a status, besides the STATUS_ZH names. */
const STATUS_ALIASES: Record<string, TicketStatus> = { 已受理: "accepted", 待评价: "resolved" };

/**
 * `--status` of `zwb tickets list`: comma-separated English or Chinese names ("accepted,已答复",
 * "已受理"). A name may itself hold a comma ("已办结,待评价"), so the longest name is matched first.
 */
export function parseStatusFilter(input: string): { ok: true; statuses: TicketStatus[] } | { ok: false; unknown: string[] } {
  const names = new Map<string, TicketStatus>([
    ...STATUSES.map((k) => [k, k] as const),
    ...STATUSES.map((k) => [STATUS_ZH[k], k] as const),
    ...Object.entries(STATUS_ALIASES),
  ]);
  const byLength = [...names.keys()].sort((a, b) => b.length - a.length);
  const text = input.replace(/，/g, ",").trim();
  const statuses: TicketStatus[] = [];
  const unknown: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (/[,、\s]/.test(text[i])) {
      i++;
      continue;
    }
    const name = byLength.find((n) => text.startsWith(n, i) && (i + n.length === text.length || /[,、\s]/.test(text[i + n.length])));
    if (name) {
      statuses.push(names.get(name)!);
      i += name.length;
    } else {
      const end = text.slice(i).search(/[,、\s]/);
      unknown.push(end < 0 ? text.slice(i) : text.slice(i, i + end));
      i = end < 0 ? text.length : i + end;
    }
  }
  if (unknown.length || !statuses.length) return { ok: false, unknown: unknown.length ? unknown : [input] };
  return { ok: true, statuses: [...new Set(statuses)] };
}

export function statusFilterError(unknown: string[]): string {
  const valid = STATUSES.map((k) => `${k}（${STATUS_ZH[k]}）`).join("、");
  return `未知的工单状态：${unknown.join("、")}。可用的状态：${valid}；也可写中文名称（如“已受理”），多个用逗号分隔。`;
}

/** `zwb tickets show` for people: Beijing times, Chinese clock and event names. */
export function ticketText(ticket: Ticket, history: TicketEvent[], sla: SlaConfig | null): string {
  const kind = (k: string) => (sla ? deadlineLabel(sla, k) : k);
  const lines = [`${ticket.id} ${STATUS_ZH[ticket.status]} ${ticket.unit} ${ticket.category}`, ticket.text];
  for (const d of ticket.deadlines) lines.push(`  期限 ${kind(d.kind)} ${beijingMinute(d.dueAt)}${d.metAt ? ` 已完成 ${beijingMinute(d.metAt)}` : ""}（${d.rule}）`);
  for (const e of history) lines.push(`  ${beijingMinute(e.at)} ${EVENT_ZH[e.type] ?? e.type} ${e.by} ${e.note ?? ""}`.trimEnd());
  return `${lines.join("\n")}\n`;
}

export function ticketCommands(program: Command, config: () => Config): void {
  const t = program.command("tickets").description("complaint tickets");
  const open = async () => {
    const cfg = config();
    return openStoreOnly(cfg, createLogger("warn"));
  };

  t.command("list")
    .option("--status <status>", "open | accepted | replied | resolved | closed | reopened, or the Chinese names (comma separated)")
    .option("--unit <unit>", "responsible unit")
    .option("--overdue", "only tickets with a missed deadline")
    .option("--json", "JSON output")
    .action(async (o: { status?: string; unit?: string; overdue?: boolean; json?: boolean }) => {
      const status = o.status === undefined ? undefined : parseStatusFilter(o.status);
      if (status && !status.ok) {
        process.stderr.write(`${statusFilterError(status.unknown)}\n`);
        process.exit(2);
      }
      const store = await open();
      const ts = await store.list({
        status: status?.statuses,
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
        let sla: SlaConfig | null = null;
        try {
          sla = loadTicketConfig(config().ZWB_CONFIG_DIR).sla;
        } catch {
          // An invalid sla.json (the bot would not start) still lets a ticket be read, with the kind ids.
        }
        process.stdout.write(ticketText(ticket, history, sla));
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
