import { describe, expect, it } from "vitest";
import { CHROME_MARKERS } from "../../knowledge/parse/chrome.ts";
import { matchMarker, splitInlineEnumeration } from "../../knowledge/parse/numbering.ts";
import { parseDocument } from "../../knowledge/parse/document.ts";
import { BENQU, CHANGXINGDAO, HAICHENG, XUWEI, YANCHENG, manifest, measure, parsed } from "./corpus.fixture.ts";

describe("measure counts per document (verified by reading each document)", () => {
  // xuwei: items 1–30, no sections. changxingdao: items 1–26 running across 8 sections.
  // yancheng: 前言 (carries a deadline) + 一 + 3 in 二 + 7 in 三 + 8 in 四.
  // haicheng: 一/二/三 + 61 in 四 (9 sections: 概述 + 整治措施 + 量化指标 items) + 6 in 五 + 3 in 六.
  // benqu: 1 + 二是(概述+4) + 三是(21: inline 一是…六是 under (一)–(四)) + 四是(10).
  it.each([
    [XUWEI, 30],
    [CHANGXINGDAO, 26],
    [YANCHENG, 20],
    [HAICHENG, 73],
    [BENQU, 37],
  ])("%s has %d measures", (id, n) => {
    expect(parsed(id).measures).toHaveLength(n);
  });

  it("ids are unique and built from the path", () => {
    for (const d of manifest.documents) {
      const ms = parsed(d.id).measures;
      expect(new Set(ms.map((m) => m.id)).size).toBe(ms.length);
      for (const m of ms) expect(m.id).toBe(`${d.id}#${m.path.join(">")}`);
    }
  });

  it("no page chrome survives in any measure", () => {
    for (const d of manifest.documents) {
      for (const m of parsed(d.id).measures) {
        for (const marker of [...CHROME_MARKERS, "文件下载", "解读链接", "政策解读", "此件公开发布", "印发给你们"]) {
          expect(m.text, m.id).not.toContain(marker);
        }
      }
    }
  });
});

describe("hierarchy", () => {
  it("haicheng: sections, 整治措施/量化指标 lists and section-level units", () => {
    const m = measure(HAICHENG, "四、重点任务>(一)在干部作风方面>量化指标>4");
    expect(m.path).toEqual(["四、重点任务", "(一)在干部作风方面", "量化指标", "4"]);
    expect(m.label).toBe("4");
    expect(m.text).toBe(
      "企业反映的营商环境问题,诉求合理的要在10个工作日内制定整改方案,明确整改期限和标准;有异议的,15个工作日内组织双方协商;6个月内办结率不低于80%。",
    );
    expect(m.facts.timeLimits.map((t) => [t.value, t.unit, t.working])).toEqual([
      [10, "工作日", true],
      [15, "工作日", true],
      [6, "个月", false],
    ]);
    expect(m.facts.targets.map((t) => t.value)).toEqual([80]);
    // "牵头单位:市营商办 / 责任单位:市纪委、…" stated once for the section, inherited by its items.
    expect(m.facts.units.lead).toEqual(["市营商办"]);
    expect(m.facts.units.cooperating).toEqual(["市纪委", "市委组织部", "开发园区", "镇区"]);
  });
  it("haicheng: lines broken by the PDF are rejoined", () => {
    const m = measure(HAICHENG, "四、重点任务>(三)在政务服务方面>量化指标>4");
    expect(m.text).toBe("建立窗口服务满意度评价机制,实现投诉同比下降50%。");
    const units = measure(HAICHENG, "四、重点任务>(六)在基层“好狠”方面>量化指标>3").facts.units;
    expect(units.cooperating).toContain("市经信局");
    expect(units.cooperating).toContain("市法院");
    // "4.12328投诉…" is item 4 (hotline 12328), not the decimal 4.12328.
    expect(measure(HAICHENG, "四、重点任务>(七)在城市形象方面>量化指标>4").text).toMatch(/^12328投诉出租车/);
  });
  it("haicheng: a list with a paragraph but no items is a measure; section intros are 概述", () => {
    const m = measure(HAICHENG, "四、重点任务>(八)在经验复制推广方面>整治措施");
    expect(m.text).toMatch(/^对照世界银行提出的营商环境标准/);
    expect(measure(HAICHENG, "四、重点任务>(八)在经验复制推广方面>量化指标").text).toContain("“一把尺”考量");
    expect(measure(HAICHENG, "四、重点任务>(一)在干部作风方面>概述").text).toMatch(/^针对营商环境建设中干部思想认识不到位/);
    expect(measure(HAICHENG, "三、职责分工").facts.recurring[0]).toMatchObject({ every: "month", day: 23 });
  });
  it("changxingdao: items numbered across sections keep their section", () => {
    const m = measure(CHANGXINGDAO, "五、提高窗口正规化水平>17");
    expect(m.facts.deadlines.map((d) => [d.text, d.year, d.date])).toEqual([
      ["7月底前", 2021, "2021-07-31"],
      ["10月底前", 2021, "2021-10-31"],
    ]);
    expect(m.facts.units).toMatchObject({ lead: ["区管委会办公室"], cooperating: ["长兴岛街道", "交流岛街道"] });
    expect(measure(CHANGXINGDAO, "五、提高窗口正规化水平>14").facts.targets[0]).toMatchObject({ value: 100, subject: "年度差评整改率" });
    expect(m.text).toMatch(/协同落实\)$/);
  });
  it("yancheng: 95% 网上可办率, 试用期1个月, 两年不得调整, preamble deadline", () => {
    const seven = measure(YANCHENG, "三、重点任务>(七)一网通办到位");
    expect(seven.facts.targets.find((t) => t.value === 95)?.subject).toBe("区、镇两级政务服务事项网上可办率");
    expect(seven.facts.deadlines[0]).toMatchObject({ text: "年底前", date: "2020-12-31" });
    const five = measure(YANCHENG, "三、重点任务>(五)人员选配到位");
    expect(five.facts.timeLimits.map((t) => [t.text, t.unit, t.working])).toEqual([["1个月", "个月", false], ["两年", "年", false]]);
    expect(five.facts.timeLimits[0].subject).toContain("试用期");
    expect(five.facts.timeLimits[1].subject).toContain("不得调整");
    const pre = measure(YANCHENG, "前言");
    expect(pre.facts.deadlines[0]).toMatchObject({ text: "从即日起至2020年12月底", date: "2020-12-31" });
    expect(measure(YANCHENG, "四、保障措施>(四)建立联席会议制度").facts.recurring[0].every).toBe("2weeks");
  });
  it("xuwei item 13: 3, 30 and 5 working days with its units", () => {
    const m = measure(XUWEI, "13");
    expect(m.title).toBe("推进市政公用服务便利化");
    expect(m.facts.timeLimits.map((t) => [t.value, t.working, t.verb])).toEqual([
      [3, true, "不超过"],
      [30, true, "不超过"],
      [5, true, "不超过"],
    ]);
    expect(m.facts.units.lead).toEqual(["经发局", "建设局", "行政审批局"]);
    expect(m.facts.units.cooperating).toEqual(["自然资源分局", "交警大队", "方洋集团", "连云港供电公司"]);
    expect(m.text).toMatch(/连云港供电公司\)$/);
  });
  it("xuwei item 8: 企业开办 1日办结 by 市场监管局 and 行政审批局", () => {
    const m = measure(XUWEI, "8");
    expect(m.facts.timeLimits).toEqual([expect.objectContaining({ value: 1, unit: "日", verb: "办结", text: "1日办结" })]);
    expect(m.facts.timeLimits[0].subject).toContain("企业开办");
    expect(m.facts.units.lead).toEqual(["市场监管局", "行政审批局"]);
    expect(m.facts.units.cooperating).toEqual(["财政局", "人社局", "公安分局"]);
  });
  it("xuwei: other limits, cadences and the open period of item 1", () => {
    expect(measure(XUWEI, "10").facts.timeLimits[0]).toMatchObject({ value: 1, verb: "办结", working: true });
    expect(measure(XUWEI, "10").facts.requirements).toContainEqual({ kind: "condition", text: "资料齐全" });
    expect(measure(XUWEI, "11").facts.timeLimits[0]).toMatchObject({ value: 2, verb: "压缩" });
    expect(measure(XUWEI, "9").facts.timeLimits.map((t) => t.text)).toEqual(["15个工作日内完成", "压缩三分之一"]);
    expect(measure(XUWEI, "18").facts.recurring[0]).toMatchObject({ every: "halfyear" });
    expect(measure(XUWEI, "18").facts.recurring[0].subject).toContain("涉企执法检查");
    expect(measure(XUWEI, "1").facts.deadlines[0]).toMatchObject({ text: "从即日起至7月底", date: "2021-07-31" });
  });
  it("benqu: translated headings and run-on 一是/第二个是 paragraphs become items", () => {
    const d = parsed(BENQU);
    const tops = [...new Set(d.measures.map((m) => m.path[0]))];
    expect(tops).toEqual(["1", "二是工作目标", "三是重点工作", "四是保障措施"]);
    const target = measure(BENQU, "四是保障措施>(三)建服务服务平台>二是");
    expect(target.facts.targets[0]).toMatchObject({ value: 90, text: "90%以上" });
    expect(target.facts.targets[0].subject).toContain("110联动完成率和满意率");
    // "(4)" between "(三)" and "(五)" is the fourth section, not a sub-item.
    expect(d.measures.some((m) => m.path[1] === "(4)严谨守纪")).toBe(true);
    const five = measure(BENQU, "三是重点工作>(二)对重大工程建设开展专项效率监督和诚信监督>五是");
    expect(five.facts.units).toMatchObject({ lead: ["纪检监察机关"], cooperating: ["商务局", "财政局", "工业和信息化局", "行政服务中心"] });
  });
});

describe("warnings", () => {
  it("flags measures without units only where the document assigns units", () => {
    expect(parsed(XUWEI).warnings).toEqual([]);
    expect(parsed(YANCHENG).warnings).toEqual([]);
    expect(parsed(HAICHENG).warnings).toContain("六、保障措施>(一)加强组织领导: 未注明责任单位");
  });
  it("flags a deadline whose date cannot be fixed", () => {
    const meta = { id: "t", title: "测试", file: "t.txt" };
    const d = parseDocument("一、工作安排\n1.年底前完成清理。(责任单位:区财政局)\n2.按时推进。(责任单位:区住建局)", meta);
    expect(d.warnings).toEqual(['一、工作安排>1: 日期"年底前"无法确定具体日期']);
  });
});

describe("numbering primitives", () => {
  it("recognizes markers", () => {
    expect(matchMarker("一、指导思想")).toMatchObject({ kind: "cn", value: 1, standalone: true });
    expect(matchMarker("(十二)加强领导。")).toMatchObject({ kind: "parenCn", value: 12 });
    expect(matchMarker("13.推进市政公用服务便利化。")).toMatchObject({ kind: "arabic", value: 13, label: "13" });
    expect(matchMarker("1.5亿元专项资金")).toBeNull();
    expect(matchMarker("二是工作目标。")).toMatchObject({ kind: "cnShi", value: 2, standalone: true });
    expect(matchMarker("量化指标:")).toMatchObject({ kind: "list", label: "量化指标" });
    expect(matchMarker("牵头单位:市营商办")).toBeNull();
    expect(matchMarker("2021年是“十四五”开局之年")).toBeNull();
  });
  it("splits run-on enumerations only when they continue from 一", () => {
    const s = splitInlineEnumeration("总述。一是甲事项。第二个是乙事项。第五,是的丙事项。三是丁事项。");
    // "第五,是的" breaks the sequence (no 三 yet), so it stays inside item 二.
    expect(s?.items.map((i) => [i.label, i.text])).toEqual([
      ["一是", "甲事项。"],
      ["二是", "乙事项。第五,是的丙事项。"],
      ["三是", "丁事项。"],
    ]);
    expect(s?.intro).toBe("总述。");
    expect(splitInlineEnumeration("这是统一是非标准的问题。")).toBeNull();
  });
});

describe("a numbered sentence with sub-items", () => {
  it("keeps its own fact as the section's overview", async () => {
    const { parseDocument } = await import("../../knowledge/parse/document.ts");
    const raw = "一、重点任务\n1.企业开办1日办结。\n(1)推行一网通办。\n(2)免费刻制印章。\n";
    const doc = parseDocument(raw, { id: "t", file: "t.txt", title: "测试" });
    const overview = doc.measures.find((m) => m.text.includes("1日办结"));
    expect(overview).toBeTruthy();
    expect(overview!.facts.timeLimits.map((t) => t.text)).toContain("1日办结");
    expect(doc.measures.filter((m) => m.text.includes("一网通办"))).toHaveLength(1);
  });
});
