// The Chinese texts a ticket shows to complainants and officers.
import { scrub } from "../core/privacy.ts";
import type { TicketView } from "../core/message.ts";
import type { SlaConfig } from "./config.ts";
import type { Ticket, Deadline } from "./types.ts";
import { STATUS_ZH } from "./types.ts";
import { deadlineLabel, formatDay } from "./sla.ts";

export function openDeadlinesOf(t: Ticket): Deadline[] {
  const round = Math.max(...t.deadlines.map((d) => d.round), 1);
  return t.deadlines.filter((d) => !d.metAt && d.round === round);
}

export function ticketView(t: Ticket): TicketView {
  return {
    id: t.id,
    unit: t.unit,
    category: t.category,
    deadlines: openDeadlinesOf(t).map((d) => ({ kind: d.kind, dueAt: d.dueAt, rule: d.rule, provisional: d.provisional })),
  };
}

function deadlineLine(sla: SlaConfig, d: Deadline): string {
  const prov = d.provisional ? "(暂按周末计算,当年法定节假日安排公布后可能调整)" : "";
  return `· ${deadlineLabel(sla, d.kind)}:${formatDay(d.dueAt)}前${prov}。依据:${d.rule}`;
}

export function createdText(t: Ticket, sla: SlaConfig, routeReason: string): string {
  const lines = [
    `已为您登记投诉,工单号:${t.id}`,
    // The reply may land in a group: phone and ID numbers are masked here, kept in the ticket.
    `登记内容:${scrub(t.text.length > 80 ? t.text.slice(0, 80) + "…" : t.text)}`,
    `问题分类:${t.category}`,
    `承办单位:${t.unit}(依据${routeReason}分派)`,
  ];
  if (t.verifyAll) lines.push("本件为实名举报,将优先办理并100%核查,办理情况会及时向您反馈。");
  if (t.anonymous) lines.push("您选择匿名反映,我们不会保存您的联系方式;办理结果请凭工单号查询。");
  lines.push("办理时限(按法定工作日计算):", ...openDeadlinesOf(t).map((d) => deadlineLine(sla, d)));
  lines.push(`查询进度请发送「查询 ${t.id}」;补充材料请发送「补充 ${t.id} 内容」。`);
  return lines.join("\n");
}

export function duplicateText(t: Ticket): string {
  return `该投诉已登记,工单号:${t.id},当前状态:${STATUS_ZH[t.status]}。查询进度请发送「查询 ${t.id}」。`;
}

export function statusText(t: Ticket, sla: SlaConfig, now: Date): string {
  const lines = [`工单 ${t.id}`, `状态:${STATUS_ZH[t.status]}`, `分类:${t.category}`, `承办单位:${t.unit}`];
  const open = openDeadlinesOf(t);
  if (open.length) lines.push("办理时限:", ...open.map((d) => `${Date.parse(d.dueAt) < now.getTime() ? "【已超期】" : ""}${deadlineLine(sla, d)}`));
  for (const r of t.replies) lines.push(`${formatDay(r.at)} 答复:${r.text}`);
  if (t.supplements.length) lines.push(`已补充材料 ${t.supplements.length} 次`);
  if (t.status === "resolved") lines.push(`请评价办理结果:发送「满意 ${t.id}」或「不满意 ${t.id}」。`);
  return lines.join("\n");
}

export function listText(title: string, ts: Ticket[], sla: SlaConfig, now: Date): string {
  if (!ts.length) return `${title}:暂无。`;
  const lines = [`${title}(共 ${ts.length} 件):`];
  for (const t of ts.slice(0, 30)) {
    const next = openDeadlinesOf(t).sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
    const late = next && Date.parse(next.dueAt) < now.getTime() ? "【已超期】" : "";
    lines.push(`${t.id} ${STATUS_ZH[t.status]} ${t.unit} ${t.category}${next ? ` ${late}${deadlineLabel(sla, next.kind)}时限 ${formatDay(next.dueAt)}` : ""}${t.priority === "high" ? " [优先]" : ""}`);
  }
  if (ts.length > 30) lines.push(`……另有 ${ts.length - 30} 件未列出`);
  return lines.join("\n");
}
