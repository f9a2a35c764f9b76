// What each rule file's form shows: fields with Chinese labels, lists and keyed tables. The paths
// are the JSON paths the server's validation names, so an error lands on its field.
const FROM = [["created", "建单时"], ["replied", "首次答复时"], ["resolved", "办结时"]];
const STOPS = [["accept", "受理"], ["reply", "答复"], ["resolve", "办结"], ["followup", "回访"]];
const CHANNELS = [["local", "本地/控制台"], ["dingtalk", "钉钉"], ["wechat", "微信"], ["http", "HTTP"]];
const ROLES = [["officer", "承办人"], ["leader", "分管领导"]];
const WEEKDAYS = [[1, "周一"], [2, "周二"], [3, "周三"], [4, "周四"], [5, "周五"], [6, "周六"], [7, "周日"]];
const units = (ctx) => ctx.units.map((u) => [u, u]);
const kinds = (ctx) => ctx.kinds.map((k) => [k.kind, k.label]);

export const SPEC = {
  "routing.json": [
    { path: "defaultUnit", label: "默认承办单位", type: "select", options: units },
    { map: "categories", label: "分类与承办单位", keyLabel: "分类", value: { label: "承办单位", type: "select", options: units }, make: () => ["新分类", ""] },
    { list: "keywords", label: "关键词规则（优先于分类）", item: [{ key: "match", label: "关键词（逗号分隔）", type: "csv" }, { key: "unit", label: "承办单位", type: "select", options: units }], make: () => ({ match: [], unit: "" }) },
  ],
  "sla.json": [
    { list: "deadlines", label: "办理时限", item: [
      { key: "kind", label: "代码", type: "text" },
      { key: "label", label: "名称", type: "text" },
      { key: "workdays", label: "工作日数", type: "int" },
      { key: "months", label: "月数（与工作日数二选一）", type: "int" },
      { key: "from", label: "起算", type: "select", options: () => FROM },
      { key: "stopsOn", label: "完成动作", type: "select", options: () => STOPS },
      { key: "rule", label: "依据", type: "textarea" },
    ], make: () => ({ kind: "", label: "", workdays: 5, from: "created", stopsOn: "reply", rule: "" }) },
    { path: "reopen.kinds", label: "重新办理时重新计时的时限", type: "checks", options: kinds },
  ],
  "directory.json": [
    { path: "supervisingUnit", label: "督办单位", type: "select", options: units },
    { mapOfLists: "units", label: "单位与人员", keyLabel: "单位名称", item: [
      { key: "id", label: "编号", type: "text" },
      { key: "name", label: "姓名", type: "text" },
      { key: "channel", label: "渠道", type: "select", options: () => CHANNELS },
      { key: "userId", label: "账号", type: "text" },
      { key: "role", label: "角色", type: "select", options: () => ROLES },
    ], make: () => ({ id: "", name: "", channel: "local", userId: "", role: "officer" }) },
  ],
  "reminders.json": [
    { group: "工作时间（仅在工作日的这段时间推送）", fields: [
      { path: "workingHours.start", label: "开始", type: "time" },
      { path: "workingHours.end", label: "结束", type: "time" },
    ] },
    { list: "before", label: "提前提醒", item: [{ key: "workdays", label: "提前工作日数", type: "int" }, { key: "at", label: "提醒时刻", type: "time" }], make: () => ({ workdays: 2, at: "09:00" }) },
    { group: "到期与逾期", fields: [
      { path: "dueDay.enabled", label: "到期当日提醒", type: "bool" },
      { path: "dueDay.at", label: "到期当日·提醒时刻", type: "time" },
      { path: "overdue.enabled", label: "逾期提醒", type: "bool" },
      { path: "overdue.everyWorkdays", label: "逾期提醒间隔（工作日）", type: "int" },
      { path: "overdue.at", label: "逾期提醒时刻", type: "time" },
      { path: "overdue.escalateAfterWorkdays", label: "逾期升级天数", type: "int", hint: "逾期达到该工作日数起，同时推送分管领导和督办单位" },
    ] },
    { path: "kinds", label: "提醒的时限", type: "checks", options: kinds },
    { group: "推送失败重试", fields: [
      { path: "retry.maxAttempts", label: "推送失败最多重试次数", type: "int" },
      { path: "retry.baseDelaySeconds", label: "首次重试间隔（秒）", type: "int" },
      { path: "retry.maxDelaySeconds", label: "最长重试间隔（秒）", type: "int" },
    ] },
    { group: "扫描", fields: [
      { path: "scheduler.intervalSeconds", label: "扫描间隔（秒）", type: "int" },
      { path: "scheduler.leaseSeconds", label: "发送租约（秒）", type: "int" },
      { path: "scheduler.maxSendsPerPass", label: "每轮最多发送条数", type: "int" },
    ] },
    { map: "tasks.unitAliases", label: "政策任务单位别名（文件中的单位名 → 名录中的单位）", keyLabel: "文件中的单位名", value: { label: "名录中的单位", type: "select", options: units }, make: () => ["", ""] },
    { path: "tasks.defaultUnit", label: "政策任务默认单位", type: "select", options: (ctx) => [["", "（督办单位）"], ...units(ctx)] },
    { group: "周报推送", fields: [
      { path: "weeklyReport.enabled", label: "周报推送", type: "bool" },
      { path: "weeklyReport.weekday", label: "周报推送·星期", type: "select", options: () => WEEKDAYS, number: true },
      { path: "weeklyReport.at", label: "周报推送·时刻", type: "time" },
      { path: "weeklyReport.roles", label: "周报推送·角色", type: "checks", options: () => ROLES },
    ] },
  ],
};
