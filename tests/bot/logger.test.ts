import { describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import { scrub } from "../../core/privacy.ts";
import { createConsoleLogger, createLogger } from "../../bot/logger.ts";

describe("log scrubbing", () => {
  it.each([
    ["13812345678", "138****5678"],
    ["+86 138 1234 5678", "138****5678"],
    ["+8613812345678", "138****5678"],
    ["0086-138-1234-5678", "138****5678"],
    ["138-1234-5678", "138****5678"],
    ["１３８１２３４５６７８", "138****5678"],
    ["身份证11010519491231002X", "身份证110105********002X"],
    ["老身份证110105491231002", "老身份证110105********002"],
  ])("masks %s", (raw, masked) => {
    expect(scrub(`联系我 ${raw} 谢谢`)).toBe(`联系我 ${masked} 谢谢`);
  });

  it("leaves ticket numbers, dates and amounts alone", () => {
    expect(scrub("工单 TS20261125-0001 于2026年12月1日前受理，罚款200元")).toBe("工单 TS20261125-0001 于2026年12月1日前受理，罚款200元");
  });

  it("never writes a phone number, a nested one or a secret", () => {
    let out = "";
    const dest = new Writable({ write: (c, _e, cb) => ((out += c.toString()), cb()) });
    const log = createLogger("info", "t", dest);
    log.info({ text: "我的电话13812345678", a: { b: { c: { d: { e: { f: "13812345678" } } } } }, secret: "s3cret", cfg: { OPENAI_API_KEY: "sk-live" } }, "投诉人 +86 138 1234 5678");
    expect(out).not.toMatch(/13812345678|1234 5678|s3cret|sk-live/);
    expect(out).toContain("138****5678");
  });

  it("the console chat's readable lines are scrubbed and redacted too, and warn is its default level", () => {
    let out = "";
    const log = createConsoleLogger(undefined, { write: (c: string) => (out += c) });
    log.info("not shown at the default level");
    log.warn({ text: "我的电话13812345678", secret: "s3cret", cfg: { OPENAI_API_KEY: "sk-live" } }, "投诉人 +86 138 1234 5678");
    expect(out).not.toContain("not shown");
    expect(out).not.toMatch(/13812345678|1234 5678|s3cret|sk-live/);
    expect(out).toContain("138****5678");
    expect(out).toContain("[redacted]");
    expect(out).toMatch(/^\[\d{2}:\d{2}:\d{2}\] WARN: 投诉人 138\*\*\*\*5678\n/);
    expect(out.trimStart().startsWith("{")).toBe(false);
  });
});
