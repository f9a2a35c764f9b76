import { describe, expect, it } from "vitest";
import { normalizeText } from "../../core/text.ts";
import { parseChineseNumber } from "../../knowledge/text/numerals.ts";

describe("parseChineseNumber", () => {
  it.each([
    ["十五", 15], ["三", 3], ["两", 2], ["二十三", 23], ["一百", 100], ["十", 10], ["一百零五", 105],
    ["半", 0.5], ["1.5", 1.5], ["15", 15], ["二〇二一", 2021], ["一个半", 1.5], ["三千五百", 3500],
  ])("%s → %d", (s, n) => {
    expect(parseChineseNumber(s)).toBe(n);
  });
  it("parses fractions", () => {
    expect(parseChineseNumber("三分之一")).toBeCloseTo(1 / 3);
    expect(parseChineseNumber("百分之五十")).toBe(0.5);
  });
  it("rejects non-numbers", () => {
    expect(parseChineseNumber("工作日")).toBeNull();
    expect(parseChineseNumber("")).toBeNull();
  });
});

describe("normalizeText", () => {
  it("unifies full-width digits, brackets and colons but keeps 、。，and 〔〕", () => {
    expect(normalizeText("（责任单位：经发局、建设局；配合单位：财政局）")).toBe("(责任单位:经发局、建设局;配合单位:财政局)");
    expect(normalizeText("不超过３个工作日，其中")).toBe("不超过3个工作日，其中");
    expect(normalizeText("示范区委〔2021〕96号")).toBe("示范区委〔2021〕96号");
    expect(normalizeText("网上可办率达到９５％以上。")).toBe("网上可办率达到95%以上。");
  });
  it("removes stray spaces inside Chinese text and collapses the rest", () => {
    expect(normalizeText("15 个工作日内组织双方协商")).toBe("15个工作日内组织双方协商");
    expect(normalizeText("(二)集中整治阶段(2018 年2 月至12 月)")).toBe("(二)集中整治阶段(2018年2月至12月)");
    expect(normalizeText("  深入开展 “我为新区谋发展”\u00a0活动  ")).toBe("深入开展“我为新区谋发展”活动");
    expect(normalizeText("Copyright   1995-2011  Haicheng")).toBe("Copyright 1995-2011 Haicheng");
    expect(normalizeText("第一行\n\n第二行")).toBe("第一行第二行");
  });
  it("is idempotent", () => {
    const s = "有外线工程且需办理行政审批的，不超过 30 个工作日（其中：外线审批５个工作日）";
    expect(normalizeText(normalizeText(s))).toBe(normalizeText(s));
  });
});
