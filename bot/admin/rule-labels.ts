// Chinese names of the rule files' fields, for validation errors that name the field as the form
// shows it ("逾期升级天数：至少为 1") and for the form labels themselves. Paths are zod paths joined
// with "."; "#" stands for a list position (shown as 第N项), "*" for a key the administrator chose.
export const RULE_LABELS: Record<string, Record<string, string>> = {
  "routing.json": {
    defaultUnit: "默认承办单位",
    categories: "分类与承办单位",
    "categories.*": "分类「*」的承办单位",
    keywords: "关键词规则",
    "keywords.#": "关键词规则第#条",
    "keywords.#.match": "关键词规则第#条·关键词",
    "keywords.#.match.#": "关键词规则第#条·关键词",
    "keywords.#.unit": "关键词规则第#条·承办单位",
  },
  "sla.json": {
    deadlines: "办理时限",
    "deadlines.#": "时限第#项",
    "deadlines.#.kind": "时限第#项·代码",
    "deadlines.#.label": "时限第#项·名称",
    "deadlines.#.workdays": "时限第#项·工作日数",
    "deadlines.#.months": "时限第#项·月数",
    "deadlines.#.from": "时限第#项·起算",
    "deadlines.#.stopsOn": "时限第#项·完成动作",
    "deadlines.#.rule": "时限第#项·依据",
    "reopen.kinds": "重新办理时重新计时的时限",
    "reopen.kinds.#": "重新办理时重新计时的时限第#项",
  },
  "directory.json": {
    supervisingUnit: "督办单位",
    units: "单位与人员",
    "units.*": "单位「*」",
    "units.*.#": "单位「*」第#人",
    "units.*.#.id": "单位「*」第#人·编号",
    "units.*.#.name": "单位「*」第#人·姓名",
    "units.*.#.channel": "单位「*」第#人·渠道",
    "units.*.#.userId": "单位「*」第#人·账号",
    "units.*.#.role": "单位「*」第#人·角色",
  },
  "reminders.json": {
    timezone: "时区",
    "workingHours.start": "工作时间·开始",
    "workingHours.end": "工作时间·结束",
    before: "提前提醒",
    "before.#.workdays": "提前提醒第#项·提前工作日数",
    "before.#.at": "提前提醒第#项·提醒时刻",
    "dueDay.enabled": "到期当日提醒",
    "dueDay.at": "到期当日·提醒时刻",
    "overdue.enabled": "逾期提醒",
    "overdue.everyWorkdays": "逾期提醒间隔（工作日）",
    "overdue.at": "逾期提醒时刻",
    "overdue.escalateAfterWorkdays": "逾期升级天数",
    kinds: "提醒的时限",
    "kinds.#": "提醒的时限第#项",
    "retry.maxAttempts": "推送失败最多重试次数",
    "retry.baseDelaySeconds": "首次重试间隔（秒）",
    "retry.maxDelaySeconds": "最长重试间隔（秒）",
    "scheduler.intervalSeconds": "扫描间隔（秒）",
    "scheduler.leaseSeconds": "发送租约（秒）",
    "scheduler.maxSendsPerPass": "每轮最多发送条数",
    "tasks.unitAliases": "政策任务单位别名",
    "tasks.unitAliases.*": "单位别名「*」",
    "tasks.defaultUnit": "政策任务默认单位",
    "weeklyReport.enabled": "周报推送",
    "weeklyReport.weekday": "周报推送·星期",
    "weeklyReport.at": "周报推送·时刻",
    "weeklyReport.units": "周报推送·单位",
    "weeklyReport.units.#": "周报推送·单位第#项",
    "weeklyReport.roles": "周报推送·角色",
    "weeklyReport.roles.#": "周报推送·角色第#项",
  },
};

/** The Chinese name of a field path of a rule file; the last known parent when the path is deeper. */
export function ruleFieldLabel(file: string, path: (string | number)[]): string {
  const table = RULE_LABELS[file] ?? {};
  if (!path.length) return "文件";
  for (let n = path.length; n > 0; n--) {
    const part = path.slice(0, n);
    const keys = [part.map(String).join(".")];
    // Patterns: numbers as "#", then free keys as "*".
    keys.push(part.map((p) => (typeof p === "number" ? "#" : p)).join("."));
    const starred = part.map((p, i) => (typeof p === "number" ? "#" : i > 0 && typeof part[i - 1] === "string" && table[`${part.slice(0, i).map((x) => (typeof x === "number" ? "#" : x)).join(".")}.*`] ? "*" : p));
    keys.push(starred.join("."));
    for (const k of keys) {
      const label = table[k];
      if (!label) continue;
      const nums = part.filter((p): p is number => typeof p === "number").map((x) => x + 1);
      const free = part.filter((p, i) => starred[i] === "*").map(String);
      let out = label;
      for (const x of nums) out = out.replace("#", String(x));
      for (const x of free) out = out.replace("*", x);
      return out;
    }
  }
  return path.join(".");
}

/** The schemas' own English messages, as administrators read them. */
export function zhRuleMessage(message: string): string {
  return message
    .replace(/^expected HH:MM \(24h\)$/, "应为 24 小时制时刻，如 09:00")
    .replace(/^must be after workingHours\.start$/, "应晚于开始时间")
    .replace(/^duplicate lead time (\d+)$/, "提前 $1 个工作日重复")
    .replace(/^give exactly one of workdays or months$/, "工作日数与月数须且只能填写一项");
}
