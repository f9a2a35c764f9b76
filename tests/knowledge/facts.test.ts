import { describe, expect, it } from "vitest";
import { extractFacts } from "../../knowledge/facts/index.ts";
import { splitUnits } from "../../knowledge/facts/units.ts";

describe("extractFacts on corpus sentences", () => {
  it("time limits with verbs, working days and subjects", () => {
    const f = extractFacts(
      "优化用水、用气报装办理程序,无外线工程的,用水用气办理报装时间不超过3个工作日;有外线工程且需办理行政审批的,不超过30个工作日,其中,外线审批办理时间不超过5个工作日。",
    );
    expect(f.timeLimits.map((t) => [t.value, t.unit, t.working, t.verb])).toEqual([
      [3, "工作日", true, "不超过"],
      [30, "工作日", true, "不超过"],
      [5, "工作日", true, "不超过"],
    ]);
    expect(f.timeLimits[0].subject).toContain("无外线工程");
    expect(f.timeLimits[1].subject).toBe("有外线工程且需办理行政审批的");
    expect(f.timeLimits[2].subject).toBe("外线审批办理时间");
  });
  it("办结, 内完成, 压缩 and fractions", () => {
    const f = extractFacts("对符合论证条件的重点化工产业项目,原则上在15个工作日内完成专家评审并转报市发改委。审批时间除法定公示时间之外,在原有基础上压缩三分之一。全面实现企业开办1日办结。");
    const [fifteen, third, oneDay] = f.timeLimits;
    expect(fifteen).toMatchObject({ value: 15, verb: "内完成", working: true, text: "15个工作日内完成" });
    expect(fifteen.subject).toContain("重点化工产业项目");
    expect(third).toMatchObject({ unit: "fraction", verb: "压缩", text: "压缩三分之一" });
    expect(third.value).toBeCloseTo(1 / 3);
    expect(oneDay).toMatchObject({ value: 1, unit: "日", working: false, verb: "办结", text: "1日办结" });
    expect(oneDay.subject).toContain("企业开办");
    expect(f.requirements).toContainEqual({ kind: "condition", text: "符合论证条件" });
  });
  it("does not take years, dates or plans for limits", () => {
    const f = extractFacts("打造安全环保示范标杆三年行动方案,并于5月3日前报市营商办,以2018年1月1日为节点,建成九年一贯制学校。");
    expect(f.timeLimits).toEqual([]);
    expect(f.deadlines.map((d) => d.text)).toEqual(["5月3日前"]);
  });
  it("calendar durations: 1个月 试用期, 两年 不得调整", () => {
    const f = extractFacts("原则上设置1个月的试用期,对不符合条件的由原单位另行选派。原则上在窗口工作未满两年不得调整,以确保队伍稳定。");
    expect(f.timeLimits.map((t) => [t.value, t.unit, t.working])).toEqual([[1, "个月", false], [2, "年", false]]);
    expect(f.timeLimits[0].subject).toContain("试用期");
    expect(f.timeLimits[1].subject).toContain("不得调整");
  });
  it("deadlines with year from the text or the document", () => {
    const f = extractFacts("7月底前完成2个试点村的服务驿站建设,10月底前完成所有村(社区)服务驿站建设。2025年底前,历史遗留问题得到全面解决。6月中旬前完成统一服装和胸牌的制作。7月份前,区、街道要树立起1—2块宣传标语。", { docYear: 2021 });
    expect(f.deadlines.map((d) => [d.text, d.year, d.date])).toEqual([
      ["7月底前", 2021, "2021-07-31"],
      ["10月底前", 2021, "2021-10-31"],
      ["2025年底前", 2025, "2025-12-31"],
      ["6月中旬前", 2021, "2021-06-20"],
      ["7月份前", 2021, "2021-06-30"],
    ]);
    expect(f.deadlines[1].subject).toContain("所有村(社区)服务驿站建设");
    expect(f.deadlines[2].subject).toContain("历史遗留问题");
  });
  it("open-ended periods and deadlines without a known year", () => {
    const f = extractFacts("从即日起至7月底,在新区开展解放思想大讨论活动。年底前,全区政务服务事项录入率100%。");
    expect(f.deadlines.map((d) => [d.text, d.month, d.day, d.date])).toEqual([
      ["从即日起至7月底", 7, "end", undefined],
      ["年底前", 12, "end", undefined],
    ]);
  });
  it("recurring duties", () => {
    const f = extractFacts("每月23日之前向市营商环境专项整治领导小组办公室报告工作进展情况。每季度或半年组织一次集中评议。原则上每两周至少召开一次联席会议。每年开展停车场整顿不少于1次。");
    expect(f.recurring.map((r) => [r.text, r.every, r.day, r.or])).toEqual([
      ["每月23日之前", "month", 23, undefined],
      // "每季度或半年": one duty with two admissible cadences, not two duties.
      ["每季度", "quarter", undefined, "halfyear"],
      ["每两周", "2weeks", undefined, undefined],
      ["每年", "year", undefined, undefined],
    ]);
    expect(f.deadlines).toEqual([]);
    expect(f.timeLimits).toEqual([]);
  });
  it("percentage targets with subjects", () => {
    const f = extractFacts("年底前,全区政务服务事项录入率、完善率100%,区、镇两级政务服务事项网上可办率达到95%以上,政务服务实现按时办结率100%。");
    expect(f.targets.map((t) => [t.value, t.text, t.subject])).toEqual([
      [100, "100%", "全区政务服务事项录入率、完善率"],
      [95, "95%以上", "区、镇两级政务服务事项网上可办率"],
      [100, "100%", "政务服务实现按时办结率"],
    ]);
  });
  it("labeled units: lead, cooperating, 协同落实, generic entries dropped", () => {
    expect(extractFacts("(责任单位:党群工作部、行政审批局、依法治区办;配合单位:各相关部门)").units).toMatchObject({ lead: ["党群工作部", "行政审批局", "依法治区办"], cooperating: [] });
    expect(extractFacts("(牵头单位:区财政金融局,区投资促进局、区经济发展局、区管委会办公室等协同落实)").units).toMatchObject({
      lead: ["区财政金融局"],
      cooperating: ["区投资促进局", "区经济发展局", "区管委会办公室"],
    });
    expect(extractFacts("(牵头单位:区管委会办公室,相关单位协同落实)").units).toMatchObject({ lead: ["区管委会办公室"], cooperating: [] });
    expect(splitUnits("市纪委、市委组织部,各开发园区、镇区。")).toEqual(["市纪委", "市委组织部", "开发园区", "镇区"]);
  });
  it("inline units: 由X牵头, Y等参与", () => {
    const f = extractFacts("重大工程建设专项效能监管由纪检监察机关牵头,商务局、财政局、工业和信息化局、行政服务中心等相关职能部门参与,认真履行项目建设的监督管理。");
    expect(f.units).toMatchObject({ lead: ["纪检监察机关"], cooperating: ["商务局", "财政局", "工业和信息化局", "行政服务中心"] });
  });
  it("requirements: materials and conditions", () => {
    const f = extractFacts("对于征求意见全面、路由设计合理、报审资料完善的申请,将审批周期压缩到2个工作日内。产业项目构筑物需要安装建筑起重机械的,持开工报告线下办理拆装告知和使用登记手续。");
    expect(f.requirements).toEqual(
      expect.arrayContaining([
        { kind: "condition", text: "征求意见全面" },
        { kind: "condition", text: "路由设计合理" },
        // A state of the application's papers is a condition, not a document to bring.
        { kind: "condition", text: "报审资料完善" },
        { kind: "material", text: "开工报告" },
        // A "…的," clause is read as a condition by guess: marked unsure for the administrator.
        { kind: "condition", text: "产业项目构筑物需要安装建筑起重机械的", unsure: true },
      ]),
    );
    expect(f.timeLimits[0]).toMatchObject({ value: 2, verb: "压缩", working: true });
    expect(f.timeLimits[0].subject).toContain("审批周期");
  });
});

describe("forms of published documents (own sentences)", () => {
  it("units in brackets, labels with either separator, prose; names with brackets kept whole", () => {
    expect(extractFacts("推行电子证照互认。(市工商质监局牵头负责)").units).toMatchObject({ lead: ["市工商质监局"], cooperating: [] });
    expect(extractFacts("(牵头单位:县行政审批局,责任单位:县直各有关单位,2025年底前完成)").units).toMatchObject({ lead: ["县行政审批局"], cooperating: ["县直各有关单位"] });
    expect(extractFacts("(牵头单位:市住建局;责任单位:各县(市、区)人民政府)").units).toMatchObject({ lead: ["市住建局"], cooperating: ["各县(市、区)人民政府"] });
    expect(extractFacts("(区人社局牵头,区财政局、区税务局配合)").units).toMatchObject({ lead: ["区人社局"], cooperating: ["区财政局", "区税务局"], source: "paren" });
    expect(extractFacts("由县交通局会同县公安局、县城管局制定停车管理办法。").units).toMatchObject({ lead: ["县交通局"], cooperating: ["县公安局", "县城管局"], source: "prose" });
    expect(extractFacts("推行容缺受理,县卫健委、县医保局按职责分工负责。").units.lead).toEqual(["县卫健委", "县医保局"]);
  });
  it("a bracket dates the sentence before it; 持续推进 is ongoing; halves and quarters are deadlines", () => {
    const f = extractFacts("编制事项清单。(县数据局负责,2025年6月底前完成)推行帮办代办。", { docYear: 2025 });
    expect(f.deadlines).toEqual([expect.objectContaining({ date: "2025-06-30", subject: "编制事项清单" })]);
    expect(extractFacts("优化窗口布局。(县政务服务中心负责,长期坚持)").deadlines).toEqual([expect.objectContaining({ text: "长期坚持", ongoing: true, subject: "优化窗口布局" })]);
    // "持续推进改革" in a sentence is no deadline.
    expect(extractFacts("持续推进审批制度改革。").deadlines).toEqual([]);
    expect(extractFacts("2025年上半年完成平台建设,三季度末前实现全覆盖。", { docYear: 2025 }).deadlines.map((d) => d.date)).toEqual(["2025-06-30", "2025-09-30"]);
  });
  it("materials only from material statements", () => {
    expect(extractFacts("进一步减少申请材料,坚持问题导向。").requirements.filter((r) => r.kind === "material")).toEqual([]);
    expect(extractFacts("申请材料:营业执照、法定代表人身份证、场地使用证明。").requirements.map((r) => r.text)).toEqual(["营业执照", "法定代表人身份证", "场地使用证明"]);
    expect(extractFacts("申请人需提交施工许可申请表和建设工程规划许可证。").requirements.map((r) => r.text)).toEqual(["施工许可申请表", "建设工程规划许可证"]);
    expect(extractFacts("各部门要提供优质服务。").requirements).toEqual([]);
  });
});
