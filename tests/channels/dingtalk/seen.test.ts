import { describe, expect, it } from "vitest";
import { SeenSet } from "../../../bot/channels/dingtalk/seen.ts";

describe("SeenSet", () => {
  it("reports a key seen within its TTL and forgets it after", () => {
    const s = new SeenSet(60_000, 100);
    expect(s.check("m1", 0)).toBe(false);
    expect(s.check("m1", 59_999)).toBe(true);
    expect(s.check("m1", 60_000)).toBe(false);
  });

  it("stays bounded, dropping the oldest keys first", () => {
    const s = new SeenSet(60_000, 3);
    for (const k of ["a", "b", "c", "d", "e"]) s.check(k, 0);
    expect(s.size).toBe(3);
    expect(s.check("e", 1)).toBe(true);
    expect(s.check("a", 1)).toBe(false);
  });
});
