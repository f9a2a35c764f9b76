// The feedback phrase table holds to its own examples and counter-examples; unanswered questions
// group by the measures offered and by shared words with the group's leading question, without
// chaining unrelated questions together; dealt-with wordings drop out.
import { describe, expect, it } from "vitest";
import { FEEDBACK_TABLE, matchFeedback } from "../../insights/feedback-phrases.ts";
import { groupUnanswered } from "../../insights/grouping.ts";
import { normQuestion } from "../../insights/normalize.ts";
import type { UnansweredItem } from "../../insights/types.ts";

describe("feedback phrases", () => {
  for (const e of FEEDBACK_TABLE) {
    it(`${e.rating}: every example is read as it, no counter-example is`, () => {
      for (const x of e.examples) expect(matchFeedback(x), x).toBe(e.rating);
      for (const x of e.counterExamples) expect(matchFeedback(x), x).toBeNull();
    });
  }
  it("no phrase means two ratings, and long messages are never ratings", () => {
    const all = FEEDBACK_TABLE.flatMap((e) => e.phrases);
    expect(new Set(all).size).toBe(all.length);
    expect(matchFeedback(`没用${"，".repeat(40)}`)).toBeNull();
  });
});

const item = (text: string, count: number, offered: string[] = [], reason: UnansweredItem["reasons"][number] = "refuse"): UnansweredItem => ({ norm: normQuestion(text), text, offered, count, last: count * 1000, reasons: [reason] });

describe("unanswered grouping", () => {
  it("groups by shared words and by measures offered, most asked first", () => {
    const groups = groupUnanswered([
      item("花店办证要多久", 5),
      item("花店办证需要多久？", 2),
      item("报装的事", 3, ["m#5", "m#6"], "suggest"),
      item("报装找谁", 1, ["m#6", "m#5"], "suggest"),
      item("护照怎么办理", 4),
    ]);
    expect(groups.map((g) => [g.title, g.count, g.questions.length])).toEqual([
      ["花店办证要多久", 7, 2],
      ["护照怎么办理", 4, 1],
      ["报装的事", 4, 2],
    ]);
    expect(groups[2].offered).toEqual(["m#5", "m#6"]);
    expect(groups[0].terms).toEqual(expect.arrayContaining(["花店", "办证"]));
  });

  it("does not chain questions that only resemble each other through a third", () => {
    const groups = groupUnanswered([item("用水报装找哪个部门", 5), item("用水报装要多久", 4), item("用气报装找哪个部门", 3), item("用气申请表在哪里下载", 2)]);
    const of = (t: string) => groups.find((g) => g.questions.some((q) => q.text === t))!.id;
    expect(of("用水报装要多久")).toBe(of("用水报装找哪个部门"));
    expect(of("用气申请表在哪里下载")).not.toBe(of("用水报装找哪个部门"));
  });

  it("leaves out what the curators dealt with", () => {
    expect(groupUnanswered([item("花店办证要多久", 5), item("护照怎么办理", 1)], ["花店办证要多久？"]).map((g) => g.title)).toEqual(["护照怎么办理"]);
  });
});
