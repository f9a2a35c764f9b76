// The audit log as people read it: 操作 (what was done), 对象 (to what), 结果 (成功/失败/拒绝), and who
// — an administrator's name, a chat account, or the address a refused request came from.
import type { AuditEntry } from "../../core/audit.ts";

const ACTION_ZH: Record<string, string> = {
  "kb.reload": "重新加载知识库",
  "kb.status": "查看知识库状态",
  "kb.upload": "上传文档",
  "config.save": "保存规则",
  "tickets.export": "导出工单",
  "ticket.accept": "受理工单",
  "ticket.reply": "答复工单",
  "ticket.transfer": "转办工单",
  "ticket.resolve": "办结工单",
  "ticket.note": "添加工单备注",
  "curated.add": "整理未解决问题",
  "curated.remove": "删除整理条目",
  "report.export": "导出周报",
  "login.failed": "登录失败",
};

const KIND_ZH: Record<string, string> = { phrasing: "关联措施", thesaurus: "添加同义词", answer: "整理答复" };
const FILE_ZH: Record<string, string> = { "routing.json": "路由规则", "sla.json": "办理时限", "directory.json": "人员名录", "reminders.json": "提醒规则" };

const DETAIL_ZH: Record<string, string> = {
  issues: "问题", text: "内容", message: "说明", kind: "类型", group: "分组", measure: "措施", unit: "单位", errors: "错误数",
  bytes: "字节", count: "件数", previousVersion: "原版本", name: "填写的姓名", week: "周次", format: "格式",
  instancesNotified: "通知实例数", dir: "目录", groupId: "群", origin: "来源",
};

function detailValue(k: string, v: unknown): string {
  if (k === "kind") return KIND_ZH[String(v)] ?? String(v);
  if (k === "issues" && Array.isArray(v)) return v.map((i: { label?: string; field?: string; message?: string }) => `${i.label || i.field || "文件"}：${i.message ?? ""}`).join("；");
  return typeof v === "string" ? v : JSON.stringify(v);
}

export interface AuditView {
  at: string;
  /** Who: "张三（控制台）", "dingtalk:boss", "来自 127.0.0.1". */
  who: string;
  channel: string;
  action: string;
  object: string;
  result: "成功" | "失败" | "拒绝";
  detail: string;
}

function who(e: AuditEntry): string {
  const [via, ...rest] = e.actor.split(":");
  const name = rest.join(":");
  if (via === "address") return `来自 ${name}`;
  if (via === "console") return `${name}（控制台）`;
  if (via === "http") return `${name}（HTTP）`;
  if (via === "cli") return `${name}（命令行）`;
  return e.actor;
}

function object(e: AuditEntry): string {
  const d = (e.detail ?? {}) as Record<string, unknown>;
  if (e.action.startsWith("ticket.")) return String(d.id ?? "");
  if (e.action === "config.save") return `${FILE_ZH[String(d.file)] ?? ""} ${String(d.file ?? "")}`.trim();
  if (e.action === "kb.upload") return String(d.file ?? "");
  if (e.action === "kb.reload" || e.action === "kb.status") return d.version ? `版本 ${String(d.version)}` : "";
  if (e.action === "curated.add" || e.action === "curated.remove") return [KIND_ZH[String(d.kind)] ?? "", String(d.file ?? d.id ?? "")].filter(Boolean).join(" ");
  if (e.action === "tickets.export" || e.action === "report.export") return [d.format, d.week, d.count !== undefined ? `${String(d.count)} 件` : ""].filter(Boolean).join(" ");
  if (e.action === "login.failed") return String(d.path ?? "");
  return "";
}

export function auditView(e: AuditEntry): AuditView {
  // Refused requests before their own action name existed were written as "POST /api/admin/…".
  const refusedCall = /^(GET|POST|PUT|DELETE|PATCH) \//.test(e.action);
  const action = refusedCall ? "登录失败（令牌无效）" : (ACTION_ZH[e.action] ?? e.action);
  const d = e.detail ?? {};
  const detail = Object.entries(d)
    .filter(([k]) => !["id", "file", "version", "path"].includes(k))
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => `${DETAIL_ZH[k] ?? k}：${detailValue(k, v)}`)
    .join("，");
  return {
    at: e.at,
    who: who(e),
    channel: e.channel,
    action,
    object: refusedCall ? e.action.split(" ")[1] ?? "" : object(e),
    result: !e.allowed ? "拒绝" : e.ok === false ? "失败" : "成功",
    detail,
  };
}
