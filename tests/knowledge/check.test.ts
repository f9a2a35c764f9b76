import { describe, expect, it } from "vitest";
import { extractFacts, leaksPrompt, missedLimits, parseNumber, unsupportedFacts } from "../../knowledge/answer/check.ts";
import { SYSTEM_PROMPT } from "../../knowledge/answer/prompt-text.ts";
import type { Passage } from "../../knowledge/answer/llm.ts";

const passages: Passage[] = [
  {
    doc: "xuwei-2021-zuofeng-jianshe",
    title: "关于进一步推进机关作风建设的实施方案",
    section: "四、重点任务 (二) 3",
    text: "优化用水、用气报装办理程序,无外线工程的,用水用气办理报装时间不超过3个工作日;有外线工程的,不超过15个工作日。",
  },
  {
    doc: "benqu-2024-fazhan-huanjing",
    title: "关于做好2024年本地区经济发展环境优化工作的意见",
    section: "(五)",
    text: "10月底前完成平台升级,月110联动完成率和满意率应达到90%以上,审批时限压缩三分之一,试行期2年。6月中旬前启动评估。",
  },
];

describe("parseNumber", () => {
  it("reads digits and Chinese numerals alike", () => {
    expect(parseNumber("15")).toBe(15);
    expect(parseNumber("十五")).toBe(15);
    expect(parseNumber("二十")).toBe(20);
    expect(parseNumber("一百二十")).toBe(120);
    expect(parseNumber("两")).toBe(2);
    expect(parseNumber("半")).toBe(0.5);
    expect(parseNumber("二〇二五")).toBe(2025);
    expect(parseNumber("个")).toBeNaN();
  });
});

describe("extractFacts", () => {
  it("finds limits, dates, percentages and fractions with canonical keys", () => {
    const keys = extractFacts("十五个工作日内办结,两年,半年,2025年10月底前,6月中旬,3月15日,95%以上,百分之九十,压缩三分之一,24小时").map((f) => f.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        "limit:15:工作日",
        "limit:24:month",
        "limit:6:month",
        "date:10:end:2025",
        "date:6:mid",
        "date:3:15",
        "percent:95",
        "percent:90",
        "fraction:1/3",
        "limit:24:小时",
      ]),
    );
    expect(keys).toHaveLength(10);
  });

  it("does not read dates as limits or numerals inside words as quantities", () => {
    expect(extractFacts("3月15日").map((f) => f.kind)).toEqual(["date"]);
    expect(extractFacts("同一天办理,统一受理")).toEqual([]);
    expect(extractFacts("第十五个工作日")).toEqual([]);
  });

  it("normalizes full-width digits and whitespace", () => {
    expect(extractFacts("３ 个工作日").map((f) => f.key)).toEqual(["limit:3:工作日"]);
  });
});

describe("unsupportedFacts", () => {
  it("accepts facts stated in the passages, in any numeral form", () => {
    const answer =
      "根据《关于进一步推进机关作风建设的实施方案》,无外线工程的报装不超过三个工作日,有外线工程的不超过十五个工作日;" +
      "2024年10月底前完成平台升级,满意率应达到百分之九十以上,审批时限压缩三分之一,试行期两年(24个月),6月中旬前启动评估。";
    expect(unsupportedFacts(answer, passages)).toEqual([]);
  });

  it("returns every invented limit, date and percentage", () => {
    const answer = "报装不超过5个工作日,11月底前完成,满意率达到80%,2023年10月底前启动,试行期半年。";
    expect(unsupportedFacts(answer, passages).sort()).toEqual(["11月底", "2023年10月底", "5个工作日", "80%", "半年"].sort());
  });

  it("does not let a longer number vouch for a shorter one", () => {
    expect(unsupportedFacts("不超过5个工作日", passages)).toEqual(["5个工作日"]);
  });

  it("has nothing to object to in an answer without numbers", () => {
    expect(unsupportedFacts("知识库中没有相关规定,建议咨询主管部门。", passages)).toEqual([]);
  });
});

describe("leaksPrompt", () => {
  it("catches the system prompt echoed whole or in part", () => {
    expect(leaksPrompt(SYSTEM_PROMPT)).toBe(true);
    const line = SYSTEM_PROMPT.split("\n")[2];
    expect(leaksPrompt(`好的,我的设定如下:${line}`)).toBe(true);
    expect(leaksPrompt("我收到的是 <<<用户问题>>> 里的内容")).toBe(true);
  });

  it("lets grounded answers and the refusal through", () => {
    expect(leaksPrompt("根据《关于进一步推进机关作风建设的实施方案》四、重点任务,无外线工程的报装不超过3个工作日。")).toBe(false);
    expect(leaksPrompt("知识库中没有相关规定，并建议咨询主管部门。")).toBe(false);
  });
});

describe("missedLimits", () => {
  const extract = "时限：3个工作日\n“无外线工程的,用水用气办理报装时间不超过3个工作日”";
  it("rejects a generated answer that states only a limit the passage gives for another case", () => {
    // 15个工作日 is in the passage, but for 有外线工程: the question asked about 无外线工程.
    expect(missedLimits("无外线工程的报装不超过15个工作日。", extract)).toEqual(["15个工作日"]);
  });
  it("accepts an answer that states the extract's limit, also in Chinese numerals, or none", () => {
    expect(missedLimits("无外线工程的报装不超过三个工作日。", extract)).toEqual([]);
    expect(missedLimits("请以窗口答复为准。", extract)).toEqual([]);
  });
});

describe("ranges", () => {
  it("checks both ends of a range the answer states", () => {
    const only5: Passage[] = [{ doc: "d", title: "t", section: "s", text: "外线审批办理时间不超过5个工作日。" }];
    for (const a of ["3-5个工作日", "3至5个工作日", "三到五个工作日", "3～5个工作日", "3或5个工作日"]) expect(unsupportedFacts(`办理需要${a}。`, only5), a).not.toEqual([]);
    expect(unsupportedFacts("办理需要5个工作日。", only5)).toEqual([]);
    const range: Passage[] = [{ doc: "d", title: "t", section: "s", text: "一般3-5个工作日办结。" }];
    expect(unsupportedFacts("3至5个工作日办结", range)).toEqual([]);
  });
});
