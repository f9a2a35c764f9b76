// The weekly report as an .xlsx staff pass on: one sheet per table, Chinese headers, rates as real
// percentages (numbers formatted 0.0%, so they sort and sum), times in Beijing time. exceljs is
// loaded only when a workbook is made.
import type { WeeklyReport } from "./weekly.ts";
import { at } from "./weekly.ts";
import type { Tally } from "./kpi.ts";
import { STATUS_ZH } from "../tickets/types.ts";

const REASON_ZH = { refuse: "未能答复", suggest: "推荐未采纳", clarify: "追问未果", rated: "评价没用/不对" } as const;

export async function weeklyWorkbook(r: WeeklyReport): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  wb.creator = "政务帮";
  wb.created = new Date(r.generatedAt);
  const t = r.stats.tickets;
  const q = r.stats.questions;
  const sheet = (name: string, header: string[], widths: number[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.addRow(header).font = { bold: true };
    widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
    return ws;
  };
  const rate = (x: Tally | { rate: number | null }) => (x.rate === null ? "—" : x.rate);
  const pctCol = (ws: ReturnType<typeof sheet>, col: number) => (ws.getColumn(col).numFmt = "0.0%");

  const o = sheet("概览", ["指标", "数值", "分子", "分母", "说明"], [16, 10, 8, 8, 60]);
  o.addRow(["统计周期", r.label, null, null, `${r.from} 至 ${r.to}（北京时间）`]);
  o.addRow(["按时受理率", rate(t.acceptRate), t.acceptRate.onTime, t.acceptRate.due, "本周到期或完成的受理时限中按时受理的比例"]);
  o.addRow(["按期办结率", rate(t.resolveRate), t.resolveRate.onTime, t.resolveRate.due, "本周到期或完成的办结时限中按期办结的比例"]);
  o.addRow(["满意率", rate(t.satisfaction), t.satisfaction.satisfied, t.satisfaction.rated, "本周评价中“满意”的比例"]);
  o.addRow(["重办率", rate(t.reopen), t.reopen.reopened, t.reopen.resolved, "本周因不满意重新办理的件次 / 本周办结件次"]);
  for (const c of t.clocks) o.addRow([`${c.label}按时率`, rate(c.total), c.total.onTime, c.total.due, `“${c.label}”时限`]);
  o.addRow(["新登记工单", t.created.total, null, null, "本周登记的投诉工单"]);
  o.addRow(["超期未办工单", t.overdue.tickets, null, null, `截至 ${at(t.overdue.asOf)} 仍超期未办的工单`]);
  o.addRow(["咨询次数", q.total, null, null, "答复、推荐条目、未能答复、追问澄清之和"]);
  o.addRow(["已答复占比", q.shares.answer ?? "—", q.counts.answer, q.total, null]);
  o.addRow(["推荐条目占比", q.shares.suggest ?? "—", q.counts.suggest, q.total, null]);
  o.addRow(["未能答复占比", q.shares.refuse ?? "—", q.counts.refuse, q.total, null]);
  o.eachRow((row, n) => {
    const v = row.getCell(2).value;
    if (n > 2 && typeof v === "number" && /率|占比/.test(String(row.getCell(1).value))) row.getCell(2).numFmt = "0.0%";
  });

  const units = [...new Set(t.clocks.flatMap((c) => Object.keys(c.byUnit)))].sort();
  const u = sheet("各单位按时率", ["单位", ...t.clocks.flatMap((c) => [`${c.label}按时率`, `${c.label}应计`])], [20, ...t.clocks.flatMap(() => [12, 8])]);
  for (const unit of units) u.addRow([unit, ...t.clocks.flatMap((c) => (c.byUnit[unit] ? [rate(c.byUnit[unit]), c.byUnit[unit].due] : ["—", 0]))]);
  t.clocks.forEach((_, i) => pctCol(u, 2 + i * 2));

  const d = sheet("督办通报", ["单位", "超期工单数", "单号", "环节", "第几轮", "到期时间", "超期工作日", "类别", "状态"], [20, 10, 18, 14, 8, 18, 10, 20, 14]);
  for (const g of t.overdue.byUnit) for (const it of g.items) d.addRow([g.unit, g.tickets, it.id, it.label, it.round, at(it.dueAt), it.overdueWorkdays, it.category, STATUS_ZH[it.status]]);

  const n = sheet("未解决问题", ["排名", "问题", "次数", "最近提问", "原因", "同组问法"], [6, 40, 8, 18, 22, 60]);
  r.unanswered.forEach((g, i) =>
    n.addRow([i + 1, g.title, g.count, at(g.last), g.reasons.map((x) => REASON_ZH[x]).join("、"), g.questions.slice(1, 6).map((x) => x.text).join(" / ")]),
  );

  const p = sheet("每日咨询", ["日期", "咨询次数", "已答复", "推荐条目", "未能答复", "追问澄清"], [12, 10, 10, 10, 10, 10]);
  for (const day of q.perDay) p.addRow([day.day, day.total, day.answer, day.suggest, day.refuse, day.clarify]);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
