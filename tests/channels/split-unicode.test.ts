import { describe, expect, it } from "vitest";
import { splitMarkdown } from "../../bot/channels/dingtalk/index.ts";
import { titleOf } from "../../bot/channels/dingtalk/send.ts";
import { splitText } from "../../bot/channels/wechat/send.ts";

const broken = (s: string) => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe("long replies split between characters, not inside an emoji", () => {
  it("DingTalk markdown parts and titles", () => {
    const parts = splitMarkdown("a" + "😀".repeat(5000));
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(broken(p)).toBe(false);
    expect(broken(titleOf("a" + "😀".repeat(30)))).toBe(false);
  });
  it("WeChat text parts", () => {
    const parts = splitText("x" + "😀".repeat(3000));
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(broken(p)).toBe(false);
    expect(parts.join("").replace(/（\d+\/\d+）/g, "")).toContain("😀😀");
  });
});
