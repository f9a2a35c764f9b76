// `npm start` as an operator runs it: the built bundle, no credentials, local HTTP only. It answers
// /healthz and a question, and a SIGTERM ends it cleanly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBot, type StartedBot } from "../support/start-bot.ts";

let bot: StartedBot;
beforeAll(async () => {
  bot = await startBot();
}, 90_000);
afterAll(async () => {
  if (bot.proc.exitCode === null) await bot.stop();
});

describe("npm start (dist bundle)", () => {
  it("serves /healthz and answers a question over HTTP with its citation", async () => {
    const health = (await (await fetch(`http://127.0.0.1:${bot.port}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ ok: true, store: "memory", llm: false, channels: { http: { state: "open" } } });
    const r = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: "start-test", text: "无外线工程的用水报装要几个工作日？" }),
    });
    const body = (await r.json()) as { reply: string; citations: unknown[] };
    expect(body.reply).toContain("个工作日");
    expect(body.citations.length).toBeGreaterThan(0);
  });

  it("logs no credentials-related failure and stops on SIGTERM with exit code 0", async () => {
    expect(bot.stderr()).toContain("政务帮已启动");
    expect(await bot.stop()).toBe(0);
  });
});
