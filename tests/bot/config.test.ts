import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { z } from "zod";
import { ConfigError, ConfigSchema, loadConfig } from "../../bot/config.ts";

const configError = (env: NodeJS.ProcessEnv): string => {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError");
};

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

  it("says what is wrong in Chinese, after the variable name and a full-width colon", () => {
    const lines = (env: NodeJS.ProcessEnv) => configError(env).split("\n");
    expect(lines({ ZWB_HTTP_PORT: "abc" })).toEqual(["环境变量配置无效 / invalid environment:", "  ZWB_HTTP_PORT：应为数字"]);
    expect(lines({ ZWB_HTTP_PORT: "70000" })[1]).toBe("  ZWB_HTTP_PORT：至多为 65535");
    expect(lines({ ZWB_ADMIN_TOKEN: "short" })[1]).toBe("  ZWB_ADMIN_TOKEN：长度至少 16 个字符");
    expect(lines({ ZWB_STORE: "redis" })[1]).toBe("  REDIS_URL：ZWB_STORE=redis 时必须设置 REDIS_URL");
    expect(lines({ REDIS_URL: "not a url" })[1]).toBe("  REDIS_URL：应为合法的 URL");
    expect(lines({ DINGTALK_CLIENT_ID: "x" })[1]).toBe("  DINGTALK_CLIENT_SECRET：须与 DINGTALK_CLIENT_ID 同时设置（或同时留空）");
    expect(lines({ ZWB_STORE: "disk" })[1]).toBe("  ZWB_STORE：应为以下之一：memory、redis");
    // Several problems are all listed, none in English.
    const all = configError({ ZWB_HTTP_PORT: "abc", ZWB_ADMIN_TOKEN: "short", REDIS_URL: "not a url" });
    expect(all.split("\n")).toHaveLength(4);
    expect(all.split("\n").slice(1).join("\n").replace(/[A-Z][A-Z0-9_]*/g, "")).not.toMatch(/[a-z]{3,}/);
  });

  it("keeps zod's own messages for the project's other schemas", () => {
    configError({ ZWB_HTTP_PORT: "abc" });
    expect(z.number().safeParse("x").error?.issues[0].message).toMatch(/^Invalid input: expected number/);
  });

  it("an entry point exits with code 2 and the Chinese message", async () => {
    const root = resolve(import.meta.dirname, "../..");
    const err = await promisify(execFile)(process.execPath, ["--import", "tsx", "bot/cli/index.ts", "tickets", "list"], {
      cwd: root,
      env: { PATH: process.env.PATH, ZWB_HTTP_PORT: "abc", ZWB_LOG_LEVEL: "silent" },
      timeout: 30_000,
    }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(2);
    expect(err?.stderr).toContain("环境变量配置无效");
    expect(err?.stderr).toContain("ZWB_HTTP_PORT：应为数字");
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
