// What a ticket takes from the language layer's reading: complaint or not, category, real name or
// anonymous, priority. The sentences are written for these tests (none comes from a question set).
import { describe, it, expect } from "vitest";
import { categorize, detectComplaint } from "../../tickets/detect.ts";

describe("detectComplaint", () => {
  it.each([
    ["我们去交材料，窗口的人嫌麻烦让我们改天再来，这周已经去了三回", "窗口服务/审批时限"],
    ["开发区有个干部暗示我们要意思意思，不然项目备案就往后拖", "乱收费乱罚款/吃拿卡要"],
    ["天然气报装交了申请快两个月了还没人上门，厂里只能停着", "市政公用报装"],
    ["当初签约时答应的厂房租金减免，换了领导就不认账了", "政府诚信/承诺未兑现"],
    ["安监的人一周上门查了三次，每次都让停产整改，没法正常经营", "执法检查"],
    ["园区管委会有人插手我们公司的工程分包", "政商交往/干部作风"],
    ["实名举报：某局副局长收了施工方的购物卡，我是刘某", "乱收费乱罚款/吃拿卡要"],
    ["我要投诉审批局窗口，同一份材料让我们改了四遍", "窗口服务/审批时限"],
  ])("ticket: %s", (text, category) => {
    const d = detectComplaint(text);
    expect(d.isComplaint, d.reasons.join("; ")).toBe(true);
    expect(d.category).toBe(category);
    expect(d.reasons.length).toBeGreaterThan(0);
  });

  it.each(["投诉后一般几天有人联系?", "窗口态度不好应该找哪个部门反映?", "谢谢，窗口的同志很耐心", "请问刻章收不收费", "我要投诉", ""])("no ticket: %s", (text) => {
    const d = detectComplaint(text);
    expect(d.isComplaint, d.reasons.join("; ")).toBe(false);
    expect(d.reasons.length).toBeGreaterThan(0);
  });

  it("reads full-width and Traditional text", () => {
    expect(detectComplaint("我要投訴！窗口態度很差，讓我們來回跑了３趟").isComplaint).toBe(true);
  });

  it("sets priority high and real name only for real-name reports of 官商勾结/为官不为", () => {
    const hi = detectComplaint("实名举报:某局干部为官不为,联系电话13800001111");
    expect(hi).toMatchObject({ isComplaint: true, priority: "high", realName: true });
    expect(hi.reasons.join()).toMatch(/100%核查/);
    const anon = detectComplaint("匿名举报某干部为官不为");
    expect(anon).toMatchObject({ isComplaint: true, priority: "normal", anonymous: true });
    expect(anon.realName).toBeUndefined();
    expect(detectComplaint("窗口态度差,让我来回跑了好几趟").priority).toBe("normal");
  });

  it("categories come from the categories table, by priority", () => {
    expect(categorize("用水报装时窗口推诿")).toBe("市政公用报装");
    expect(categorize("今天天气不错")).toBe("其他");
  });
});
