// The ticket export as an .xlsx (the same columns as the CSV, plus 剩余工作日), Beijing time.
import { STATUS_ZH, type Ticket } from "../../tickets/types.ts";
import { beijingMinute } from "../../core/time.ts";

export async function ticketsWorkbook(ts: Ticket[], now: Date, remaining: (dueAt: string | null) => number | null): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  wb.creator = "政务帮";
  const ws = wb.addWorksheet("工单", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.addRow(["单号", "状态", "类别", "责任单位", "优先级", "创建时间", "最近到期", "剩余工作日", "是否超期", "评价", "内容"]).font = { bold: true };
  [18, 14, 20, 18, 8, 18, 18, 10, 8, 8, 60].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  for (const t of ts) {
    const next = t.deadlines.filter((d) => !d.metAt).sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0]?.dueAt ?? null;
    ws.addRow([
      t.id,
      STATUS_ZH[t.status],
      t.category,
      t.unit,
      t.priority === "high" ? "优先" : "普通",
      beijingMinute(t.createdAt),
      next ? beijingMinute(next) : "",
      remaining(next) ?? "",
      next && Date.parse(next) < now.getTime() ? "是" : "否",
      t.rating === "satisfied" ? "满意" : t.rating === "unsatisfied" ? "不满意" : "",
      // A cell starting with = would be a formula in Excel: kept as text.
      /^[=+\-@]/.test(t.text) ? `'${t.text}` : t.text,
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
