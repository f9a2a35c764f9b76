import { describe, expect, it } from "vitest";
import { renderReply } from "../../../bot/channels/dingtalk/render.ts";
import { splitMarkdown, titleOf, MAX_BYTES } from "../../../bot/channels/dingtalk/send.ts";
import { textReply } from "../../../core/message.ts";

const cite = (title: string, section: string) => ({ doc: "d", title, section, text: "…" });

describe("renderReply", () => {
  it("puts the answer first and a short deduplicated source list after it", () => {
    const md = renderReply(
      textReply("question", "可以申请。\n需提供营业执照。", {
        citations: [cite("关于支持小微企业发展的若干措施", "第三条"), cite("《关于支持小微企业发展的若干措施》", "第三条"), cite("办事指南", "")],
      }),
    );
    expect(md).toBe("可以申请。  \n需提供营业执照。\n\n**来源：**\n\n- 《关于支持小微企业发展的若干措施》 第三条\n- 《办事指南》");
  });

  it("renders a reply without citations as its text", () => {
    expect(renderReply(textReply("other", "您好"))).toBe("您好");
  });

  it("caps the source list", () => {
    const md = renderReply(textReply("question", "答", { citations: Array.from({ length: 8 }, (_, i) => cite(`文件${i}`, "")) }));
    expect(md.match(/^- 《/gm)).toHaveLength(5);
    expect(md).toContain("等 8 处");
  });
});

describe("splitMarkdown", () => {
  it("keeps a short text whole", () => {
    expect(splitMarkdown("短回答")).toEqual(["短回答"]);
  });

  it("splits at paragraph boundaries, every part within the limits, nothing lost", () => {
    const paras = Array.from({ length: 12 }, (_, i) => `第${i + 1}段：` + "企业服务政策说明。".repeat(60));
    const text = paras.join("\n\n");
    const parts = splitMarkdown(text, 2000, 6000);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(2000);
      expect(Buffer.byteLength(p)).toBeLessThanOrEqual(6000);
    }
    const body = parts.map((p) => p.replace(/^\*\*（续 \d+\/\d+）\*\*\n\n/, "")).join("\n\n");
    expect(body).toBe(text);
    // Paragraph boundaries respected: every part starts with a paragraph head.
    for (const p of parts) expect(p.replace(/^\*\*（续 \d+\/\d+）\*\*\n\n/, "")).toMatch(/^第\d+段：/);
    expect(parts[1]).toMatch(new RegExp(`^\\*\\*（续 2/${parts.length}）\\*\\*`));
  });

  it("cuts one huge paragraph at sentence ends under the byte limit", () => {
    const text = "根据规定，企业应当在十五个工作日内提交材料。".repeat(2000);
    const parts = splitMarkdown(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(MAX_BYTES);
    expect(parts[0].endsWith("。")).toBe(true);
    expect(parts.join("").replace(/\*\*（续 \d+\/\d+）\*\*\n\n/g, "")).toBe(text);
  });
});

describe("titleOf", () => {
  it("takes the first words of the first line without markup", () => {
    expect(titleOf("**办理时限**\n\n正文")).toBe("办理时限");
    expect(titleOf("一二三四五六七八九十一二三四五六七八九十一二三四五六")).toBe("一二三四五六七八九十一二三四五六七八九十一二三四…");
    expect(titleOf("  ")).toBe("政务帮");
  });
});
