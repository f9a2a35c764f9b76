// The push an officer reads: what is due, when, which rule, and the exact command to act. Complaint
// text is shortened and phone/ID numbers masked: pushes land on phones and in group chats.
import { scrub } from "../core/privacy.ts";
import { formatDay } from "../tickets/sla.ts";
import type { Step } from "./ladder.ts";

export interface ReminderSubject {
  type: "ticket" | "task";
  id: string;
  /** Clock label: 受理 / 答复投诉人 / 办结 / 回访, or 任务. */
  label: string;
  kind: string;
  category: string;
  unit: string;
  summary: string;
  /** The rule that sets the deadline itself (sla.json rule, or the policy phrase). */
  deadlineRule: string;
  dueAt: Date;
}

const ACTION: Record<string, (id: string) => string> = {
  accept: (id) => `请发送「受理 ${id}」确认受理`,
  plan: (id) => `制定整改方案后请发送「回复 ${id} 内容」答复投诉人`,
  reply: (id) => `请发送「回复 ${id} 内容」答复投诉人`,
  resolve: (id) => `办结后请发送「办结 ${id} 内容」`,
  followup: (id) => `回访后请发送「回访 ${id} 内容」`,
  task: (id) => `完成后请发送「完成任务 ${id}」`,
};

export function actionText(kind: string, id: string): string {
  return (ACTION[kind] ?? ((x: string) => `请及时办理,办理后发送「回复 ${x} 内容」`))(id);
}

export function summarize(text: string, max = 40): string {
  // Masked numbers are still noise in a reminder; any other long digit run (landlines) goes too.
  const s = scrub(text.replace(/\s+/g, " ").trim()).replace(/[\dXx]*\*{3,}[\dXx]*|\d{7,}/g, "[号码已隐去]");
  return [...s].length > max ? `${[...s].slice(0, max).join("")}…` : s;
}

/** Chinese push text for one step. `left`: working days from now to the due day. */
export function reminderText(sub: ReminderSubject, step: Step, left: number, escalatedTo?: string): string {
  const what = sub.type === "ticket" ? `工单 ${sub.id} ${sub.label}时限` : `任务 ${sub.id}`;
  const head =
    step.kind === "overdue"
      ? step.escalate
        ? `【超期督办】${what}已超期 ${step.overdueWorkdays} 个工作日`
        : `【超期提醒】${what}已超期 ${step.overdueWorkdays} 个工作日`
      : step.kind === "due"
        ? `【今日到期】${what}今日到期`
        : `【到期提醒】${what}还剩 ${left} 个工作日`;
  const lines = [head];
  if (sub.type === "ticket") lines.push(`类别:${sub.category}`, `内容:${sub.summary}`);
  else lines.push(`事项:${sub.summary}`);
  lines.push(`承办单位:${sub.unit}`);
  lines.push(`期限:${formatDay(sub.dueAt)}24时前${step.kind === "before" ? `(还剩 ${left} 个工作日)` : step.kind === "overdue" ? `(已超期 ${step.overdueWorkdays} 个工作日)` : ""}`);
  lines.push(`依据:${sub.deadlineRule}`);
  lines.push(`提醒规则:${step.rule}${escalatedTo ? `;本条同时发送${escalatedTo}` : ""}`);
  lines.push(`${actionText(sub.kind, sub.id)}。`);
  return lines.join("\n");
}
