// Where the language layer's reading of a grievance becomes what a ticket needs: whether it is a
// complaint, its category, real-name or anonymous, its priority, and the reasons (shown to
// administrators). The reading itself — harm, conduct, actor, duration, demand against question
// forms, rule topics, thanks — is language/grievance.ts over the data in language/tables/.
import { categoryOf, readGrievance, readMessage, type Grievance } from "../language/index.ts";

export type Priority = "normal" | "high";

export interface Detection {
  isComplaint: boolean;
  category: string;
  realName?: boolean;
  anonymous?: boolean;
  priority: Priority;
  reasons: string[];
}

export const CATEGORIES = [
  "乱收费乱罚款/吃拿卡要",
  "政商交往/干部作风",
  "执法检查",
  "政府诚信/承诺未兑现",
  "市政公用报装",
  "窗口服务/审批时限",
  "其他",
] as const;
export type Category = (typeof CATEGORIES)[number];

// Who the complainant says they are, or that they will not say.
const REAL_NAME = /实名|我(?:叫|是)[\u4e00-\u9fa5]{2,4}[,。\s]|本人[\u4e00-\u9fa5]{2,4}[,。\s]|联系(?:电话|方式)|手机号?[:]?\s*\d/;
const ANONYMOUS = /匿名|不愿透露|不留(?:名|姓名)|保密身份/;
// haicheng-2018 (四)3: real-name reports of 官商勾结/为官不为 are handled first and all verified.
const HIGH_PRIORITY = /官商勾结|为官不为/;

export function categorize(text: string): Category {
  const c = categoryOf(readMessage(text));
  return (CATEGORIES as readonly string[]).includes(c ?? "") ? (c as Category) : "其他";
}

/** The ticket-side detection from a grievance reading (computed here when not given). */
export function detectComplaint(input: string, grievance?: Grievance): Detection {
  const text = readMessage(input);
  const g = grievance ?? readGrievance(text);
  const anonymous = ANONYMOUS.test(text);
  const realName = !anonymous && REAL_NAME.test(text);
  const category = categorize(text);
  const high = g.verdict === "complaint" && realName && HIGH_PRIORITY.test(text);
  const reasons = [...g.reasons];
  if (!g.signals.length) reasons.push(text ? "未发现投诉内容" : "空消息");
  if (high) reasons.push("实名举报涉及官商勾结、为官不为:优先办理、100%核查");
  const d: Detection = { isComplaint: g.verdict === "complaint", category, priority: high ? "high" : "normal", reasons };
  if (realName) d.realName = true;
  if (anonymous) d.anonymous = true;
  return d;
}
