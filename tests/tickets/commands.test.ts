import { describe, it, expect } from "vitest";
import { parseCommand, findTicketId } from "../../tickets/chat-commands.ts";
import { foldWidth } from "../../core/text.ts";

describe("ticket command parsing", () => {
  it.each([
    ["受理 TS20251125-0001", { verb: "accept", id: "TS20251125-0001" }],
    ["受理TS20251125-0001", { verb: "accept", id: "TS20251125-0001" }],
    ["受理：ｔｓ２０２５１１２５－０００１", { verb: "accept", id: "TS20251125-0001" }],
    ["回复：ts20251125-0001 已联系企业,明天上门", { verb: "reply", id: "TS20251125-0001", text: "已联系企业,明天上门" }],
    ["转办　ＴＳ20251125-0001　住房和城乡建设局", { verb: "transfer", id: "TS20251125-0001", unit: "住房和城乡建设局" }],
    ["办结 TS20251125-J0002 已整改", { verb: "resolve", id: "TS20251125-J0002", text: "已整改" }],
    ["回访 TS20251125-0001 企业表示认可", { verb: "followup", id: "TS20251125-0001", text: "企业表示认可" }],
    ["查询 TS20251125-0001", { verb: "status", id: "TS20251125-0001" }],
    ["补充 TS20251125-0001 还有一张发票", { verb: "supplement", id: "TS20251125-0001", text: "还有一张发票" }],
    ["满意 TS20251125-0001", { verb: "rate", id: "TS20251125-0001", satisfied: true }],
    ["不满意　TS20251125-0001", { verb: "rate", id: "TS20251125-0001", satisfied: false }],
    ["超期工单", { verb: "overdue" }],
  ])("%s", (text, want) => {
    expect(parseCommand(text)).toEqual(want);
  });

  it.each(["受理", "回复 一下", "查询营业执照办理进度", "满意度怎么评价?", "我要投诉窗口态度差"])("no command: %s", (text) => {
    expect(parseCommand(text)).toBeNull();
  });

  it("normalizes full-width text and finds ids anywhere", () => {
    expect(foldWidth("ＡＢＣ　１２３！")).toBe("ABC 123!");
    expect(findTicketId("我的单号是ts20251125-0003,请帮查")).toBe("TS20251125-0003");
  });
});
