import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigError, ConfigSchema, loadConfig } from "../../bot/config.ts";

describe("config", () => {
  it("runs on embedded defaults with no environment at all", () => {
    const c = loadConfig({});
    expect(c.store).toBe("memory");
    expect(c.ZWB_HTTP_PORT).toBe(8787);
    expect(c.OPENAI_API_KEY).toBeUndefined();
  });

  it("chooses Redis when REDIS_URL is set, and treats empty values as unset", () => {
    expect(loadConfig({ REDIS_URL: "redis://127.0.0.1:6379" }).store).toBe("redis");
    expect(loadConfig({ REDIS_URL: "", ZWB_HTTP_PORT: "" }).store).toBe("memory");
  });

  it("fails fast naming the variable", () => {
    expect(() => loadConfig({ ZWB_HTTP_PORT: "eighty" })).toThrow(/ZWB_HTTP_PORT/);
    expect(() => loadConfig({ ZWB_STORE: "redis" })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ DINGTALK_CLIENT_ID: "x" })).toThrow(/DINGTALK_CLIENT_SECRET/);
    expect(() => loadConfig({ ZWB_ADMIN_TOKEN: "short" })).toThrow(ConfigError);
  });

  it(".env.example lists every variable the schema reads, each with a comment", () => {
    const example = readFileSync(resolve(import.meta.dirname, "../../.env.example"), "utf8").split("\n");
    const keys = Object.keys(ConfigSchema.shape);
    for (const k of keys) {
      const i = example.findIndex((l) => l.startsWith(`${k}=`));
      expect(i, `${k} missing from .env.example`).toBeGreaterThan(0);
      expect(example[i - 1].startsWith("#"), `${k} has no comment`).toBe(true);
    }
  });
});
