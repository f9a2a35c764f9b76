// Complaints and non-complaints as enterprises type them in a group chat (from the held-out sets).
import { describe, expect, it } from "vitest";
import { detectComplaint } from "../../tickets/detect.ts";

describe("complaint detection on chat-style messages", () => {
  it.each([
    "匿名反映一下：镇上的执法队对我们个体户以罚代管，罚款不开票，钱也不知道进了谁的口袋",
    "消防验收一直拖着不给过 说必须找他们推荐的那家检测公司做 不然就别想开业 这不是变相指定中介吗",
    "审批中心的人连续三天都说系统坏了让我明天再来，今天又白跑一趟，厂里等着这个证开工呢，请你们查一下",
    "招商的时候答应给我们修的厂区进场道路，到现在一年多了一点动静都没有，找了管委会好几次都说在研究",
    "这个月已经来了五拨检查了,环保、安监、城管轮流上门,厂子都没法正常生产了,请你们管管",
    "我们厂申请用水报装都一个多月了还没接通,每次打电话都说再等等,太耽误事了",
  ])("ticket: %s", (t) => {
    expect(detectComplaint(t).isComplaint).toBe(true);
  });

  it.each([
    "我想了解一下乱收费怎么认定",
    "实名举报和匿名举报在处理上有区别吗",
    "实名举报官商勾结的线索,核查比例要求是多少?",
    "安全、环保等涉企执法检查情况多久监督一次?",
    "匿名举报的话会不会泄露我的个人信息?",
    "以前招商引资答应了没兑现的承诺 是以哪天为节点建清单的",
  ])("no ticket: %s", (t) => {
    expect(detectComplaint(t).isComplaint).toBe(false);
  });

  it("anonymous reports are flagged anonymous; real-name 官商勾结 reports get priority", () => {
    expect(detectComplaint("匿名反映一下：镇上的执法队以罚代管").anonymous).toBe(true);
    const d = detectComplaint("我实名举报，我是张三，园区有干部官商勾结，把工程指定给亲戚");
    expect(d.isComplaint).toBe(true);
    expect(d.priority).toBe("high");
  });
});

describe("complaint detection: more chat forms", () => {
  it.each([
    "我在长兴岛行政服务大厅办完事给了个差评,结果窗口的人打电话过来骂我,这是什么服务态度!",
    "供水公司让我们自己出钱修外线管道,还要另交五千块“接入费”,没有任何文件依据,请查处",
  ])("ticket: %s", (t) => expect(detectComplaint(t).isComplaint).toBe(true));
  it.each(["如果投诉了窗口的人，会不会被打击报复啊", "这是什么服务的办理流程?"])("no ticket: %s", (t) =>
    expect(detectComplaint(t).isComplaint).toBe(false));
});

describe("complaint detection: explicit intent anywhere, more grievance forms", () => {
  it.each([
    "徐圩新区的管线路由审批,我们材料早就交齐了,半个月了还说要等,说好的2个工作日呢?我要投诉",
    "长兴岛这次工程招标的资质条件明显是量身定做的,只有一家能满足,怀疑早就内定了,请你们调查",
    "管委会拖欠我们的工程进度款一年多了,合同约定的钱一分没给,工人工资都快发不出来了,请帮我们反映到上面",
  ])("ticket: %s", (t) => expect(detectComplaint(t).isComplaint).toBe(true));
  it.each(["不是要投诉哈,就想问问新开办企业现在刻公章还收钱吗?", "如果想举报窗口人员吃拿卡要,需要准备哪些证据材料?"])("no ticket: %s", (t) =>
    expect(detectComplaint(t).isComplaint).toBe(false));
});

describe("statements and thanks", () => {
  it("a plain statement of what an office did, with another sign, is a complaint", () => {
    expect(detectComplaint("审批局的人把我们的材料弄丢了三次,每次都让重新交一遍").isComplaint).toBe(true);
  });
  it.each(["上次的事已经解决了,窗口的同志很耐心,谢谢你们", "之前反映的问题办好了,挺满意的"])("thanks are not complaints: %s", (t) =>
    expect(detectComplaint(t).isComplaint).toBe(false));
  it("a real complaint that mentions 不满意 is still one", () => {
    expect(detectComplaint("我对窗口的处理结果很不满意,材料让我来回跑了三趟还没办好").isComplaint).toBe(true);
  });
});

describe("questions that start with 投诉/举报/反映", () => {
  it.each(["投诉同比下降40%还是30%", "投诉窗口满意度评价机制是什么", "举报官商勾结核查比例", "我们公司想反映一下用水报装时限是不是3个工作日"])(
    "no ticket: %s",
    (t) => expect(detectComplaint(t).isComplaint).toBe(false),
  );
  it.each(["我要投诉，窗口怎么总是推诿?", "实名举报：园区干部官商勾结，我是张三"])("ticket: %s", (t) => expect(detectComplaint(t).isComplaint).toBe(true));
});
