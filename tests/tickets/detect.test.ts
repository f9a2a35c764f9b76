import { describe, it, expect } from "vitest";
import { detectComplaint } from "../../tickets/detect.ts";

const complaints: [string, string][] = [
  ["我要投诉!行政审批大厅窗口的工作人员态度很差,让我来回跑了三趟", "窗口服务/审批时限"],
  ["举报:园区有人向我们企业索要好处费", "乱收费乱罚款/吃拿卡要"],
  ["用气报装一个多月没办下来,部门推诿", "市政公用报装"],
  ["投诉:办营业执照材料被退回三次,每次只一次性告知一个问题", "窗口服务/审批时限"],
  ["招商时承诺的补贴至今没有兑现", "政府诚信/承诺未兑现"],
  ["执法检查一个月来了五次,影响生产", "执法检查"],
  ["匿名举报,城管执法乱罚款", "乱收费乱罚款/吃拿卡要"],
  ["我们公司办施工许可,审批科一直拖着不办,问就说领导不在", "窗口服务/审批时限"],
  ["税务窗口工作人员故意刁难我们,材料齐全也不受理", "窗口服务/审批时限"],
  ["供电所接电要我们交一笔什么协调费,这是不是乱收费?我们已经交了", "乱收费乱罚款/吃拿卡要"],
  ["反映问题:街道干部吃拿卡要,过节要我们送购物卡", "乱收费乱罚款/吃拿卡要"],
  ["新官不理旧账,原来签的供地协议现在不认了", "政府诚信/承诺未兑现"],
  ["用水报装跑了四趟还没通水", "市政公用报装"],
  ["我实名举报开发区某局长官商勾结,我叫李明,", "政商交往/干部作风"],
];

const notComplaints = [
  "怎么投诉?",
  "投诉多久有答复?",
  "投诉举报专线依托哪个热线?",
  "请问企业开办能一天办完吗?谢谢",
  "谢谢!",
  "您好",
  "好的,收到,谢谢",
  "在吗",
  "乱收费怎么处罚?",
  "对吃拿卡要的干部如何问责?",
  "无外线工程的用水报装多少个工作日办结?",
  "营商环境投诉可以匿名吗?",
  "投诉后多久有人联系我?",
  "我要投诉",
  "重大项目审批绿色通道有哪些措施?",
  "",
];

describe("detectComplaint", () => {
  it.each(complaints)("ticket: %s", (text, category) => {
    const d = detectComplaint(text);
    expect(d.isComplaint, d.reasons.join("; ")).toBe(true);
    expect(d.category).toBe(category);
    expect(d.reasons.length).toBeGreaterThan(0);
  });

  it.each(notComplaints.map((t) => [t]))("no ticket: %s", (text) => {
    const d = detectComplaint(text);
    expect(d.isComplaint, d.reasons.join("; ")).toBe(false);
    expect(d.reasons.length).toBeGreaterThan(0);
  });

  it("accepts full-width punctuation and letters", () => {
    expect(detectComplaint("我要投诉！窗口态度很差，让我来回跑了３趟").isComplaint).toBe(true);
  });

  it("sets priority high and real name only for real-name reports of 官商勾结/为官不为", () => {
    const hi = detectComplaint("实名举报:某局干部为官不为,联系电话13800001111");
    expect(hi).toMatchObject({ isComplaint: true, priority: "high", realName: true });
    expect(hi.reasons.join()).toMatch(/100%核查/);
    const anon = detectComplaint("匿名举报某干部为官不为");
    expect(anon).toMatchObject({ isComplaint: true, priority: "normal", anonymous: true });
    expect(anon.realName).toBeUndefined();
    expect(detectComplaint("窗口态度差,让我来回跑").priority).toBe("normal");
  });
});
