import { describe, expect, it } from "vitest";
import { bigrams, words } from "../../knowledge/search/tokenize.ts";
import { Bm25 } from "../../knowledge/search/bm25.ts";
import { detectAspects, expandQuery } from "../../knowledge/search/query.ts";

describe("Chinese tokenization", () => {
  it("keeps the domain words whole that Intl.Segmenter splits", () => {
    const w = words("无外线工程的用水报装要几个工作日？");
    expect(w).toContain("报装");
    expect(w).toContain("工作日");
    expect(w).toContain("外线");
    const seg = [...new Intl.Segmenter("zh", { granularity: "word" }).segment("用水报装")].map((s) => s.segment);
    expect(seg).not.toContain("报装"); // why we use jieba
  });

  it("drops question words and punctuation", () => {
    const w = words("请问企业开办多长时间能办结？谢谢");
    expect(w).toEqual(expect.arrayContaining(["企业", "开办", "办结"]));
    for (const stop of ["请问", "多长时间", "谢谢", "？"]) expect(w).not.toContain(stop);
  });

  it("makes bigrams only inside CJK runs", () => {
    expect(bigrams("网上可办率95%以上")).toEqual(["网上", "上可", "可办", "办率", "以上"]);
    expect(bigrams("示范区委〔2021〕96号")).toEqual(["示范", "范区", "区委"]);
  });
});

describe("BM25", () => {
  it("ranks the document with the rare shared term first and skips unrelated ones", () => {
    const ix = new Bm25();
    ix.add(["企业", "开办", "办结"]);
    ix.add(["用水", "报装", "工作日", "办结"]);
    ix.add(["驿站", "建设"]);
    ix.seal();
    const s = ix.score(["报装", "办结"]);
    expect([...s.entries()].sort((a, b) => b[1] - a[1])[0][0]).toBe(1);
    expect(s.has(2)).toBe(false);
    expect(ix.idf("报装")).toBeGreaterThan(ix.idf("办结"));
  });
});

describe("question aspects", () => {
  it.each([
    ["无外线工程的用水报装要几个工作日?", "timeLimit"],
    ["企业开办服务由哪些单位负责?", "units"],
    ["政务服务驿站什么时候全部建成?", "date"],
    ["区、镇两级政务服务事项网上可办率要达到多少?", "target"],
    ["安全、环保等涉企执法检查情况多久监督一次?", "frequency"],
    ["起重机械告知登记需要什么材料?", "material"],
  ])("%s → %s", (q, a) => {
    expect(detectAspects(q)).toContain(a);
  });

  it("'多久…一次' is a frequency, not a time limit", () => {
    expect(detectAspects("多久召开一次联席会议?")).not.toContain("timeLimit");
  });

  it("adds the official term for everyday wording", () => {
    expect(expandQuery("开公司要多久")).toContain("企业开办");
  });
});
