// Complaints in any phrasing, read from grievance semantics: harm or unmet need, conduct, actor,
// duration, demand — against questions about rules, penalties or channels, hypotheticals and thanks.
// Every sentence here is written for this test; none comes from a question set.
import { describe, expect, it } from "vitest";
import { readGrievance, readMessage } from "../../language/index.ts";

const verdict = (t: string) => readGrievance(readMessage(t)).verdict;

describe("complaints without the word 投诉", () => {
  it.each([
    // a delay told as a story
    "接电的申请递上去四十多天了，一直说在走流程，车间的设备都装好了开不了工",
    // sent from one office to the next
    "规划这边说要先去住建盖章，住建又说规划没批他们不管，两边推来推去",
    // a hinted request for a favour
    "经办人说现在手续多，要我们懂点规矩，还提了句他儿子下个月结婚",
    // a fee raised without notice
    "物业把厂区的水费单价偷偷提高了一倍，一个招呼都没打",
    // a promise not kept
    "去年招商的时候说好三年免租，今年突然要我们补交全部租金",
    // a request to chase
    "食品经营许可提交二十多天没有任何进展，麻烦帮我们催一催",
    // an imposed intermediary
    "做安评的时候，科里的人非让我们用他介绍的评价公司，价格比外面贵一倍",
    // a meal paid by the company
    "检查组中午在我们食堂吃完饭，临走让会计去把烟钱结了",
    // fines without receipts
    "城管一来就罚，罚完了连个收据都不给",
    // staff off duty
    "下午三点去大厅办事，窗口一个人都没有，等了一个多小时",
  ])("ticket: %s", (t) => expect(verdict(t)).toBe("complaint"));
});

describe("questions about rules, penalties or channels are questions", () => {
  it.each([
    "对推诿扯皮的单位一般怎么追责?",
    "乱收费的行为由哪个部门查处?",
    "在这里反映问题需要留真实姓名吗",
    "如果窗口超过承诺时限还没办结，企业可以怎么办",
    "吃拿卡要的干部会受到什么处分",
    "拖欠企业账款的问题文件里有什么规定",
    "想了解一下以罚代管怎么认定",
  ])("no ticket: %s", (t) => expect(verdict(t)).toBe("none"));
});

describe("thanks and praise are not complaints", () => {
  it.each(["之前的问题处理好了，谢谢你们", "窗口的小伙子很耐心，给他点个赞", "对这次的办理结果很满意"])("no ticket: %s", (t) => expect(verdict(t)).toBe("none"));
  it("a complaint that says 不满意 is still one", () => expect(verdict("对处理结果很不满意，材料让我们补了三次还是没办下来")).toBe("complaint"));
});

describe("truly ambiguous messages get one question, not a ticket", () => {
  it.each(["营业执照的事一直没消息", "为什么燃气费又涨价了"])("ask: %s", (t) => expect(verdict(t)).toBe("ambiguous"));
});

describe("explicit intent", () => {
  it("lodges whatever else the message asks", () => expect(verdict("我要投诉，税务窗口为什么总让我们来回跑?")).toBe("complaint"));
  it("without content it is empty, not a ticket", () => {
    const g = readGrievance(readMessage("我要投诉"));
    expect(g.verdict).not.toBe("complaint");
    expect(g.empty).toBe(true);
  });
  it("says so when it is not one", () => expect(verdict("不是要投诉，就想问问刻章现在还收钱吗")).toBe("none"));
});

describe("reasons", () => {
  it("name the signals that decided", () => {
    const g = readGrievance(readMessage("审批科故意卡我们，拖了两个月"));
    expect(g.reasons.join(" ")).toMatch(/诉求内容/);
    expect(g.reasons.join(" ")).toMatch(/持续时间/);
  });
});
