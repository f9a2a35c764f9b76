// `npm start` (the dist bundle) with DingTalk and WeCom configured against their fakes on 127.0.0.1,
// and a WeChat puppet that cannot start: the two doors answer, /healthz shows each door, and the
// broken one is reported and retried without taking the others down.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBot, type StartedBot } from "../support/start-bot.ts";
import { FakeDingTalk, waitFor } from "../fakes/dingtalk-gateway.ts";
import { FakeWeCom } from "../fakes/wecom.ts";

let bot: StartedBot;
let ding: FakeDingTalk;
let wecom: FakeWeCom;

beforeAll(async () => {
  ding = await FakeDingTalk.start();
  wecom = await FakeWeCom.start();
  bot = await startBot({
    DINGTALK_CLIENT_ID: ding.clientId,
    DINGTALK_CLIENT_SECRET: ding.clientSecret,
    DINGTALK_API_BASE_URL: ding.url,
    WECOM_BOT_TOKEN: wecom.token,
    WECOM_BOT_AES_KEY: wecom.aesKey,
    // Installed, so it passes the start-up check, but it cannot log in here: the door fails and is retried.
    WECHATY_PUPPET: "wechaty-puppet-service",
    WECHATY_PUPPET_SERVICE_TOKEN: "puppet_padlocal_00000000-0000-0000-0000-000000000000",
    WECHATY_PUPPET_SERVICE_ENDPOINT: "127.0.0.1:9",
  });
}, 90_000);
afterAll(async () => {
  if (bot && bot.proc.exitCode === null) await bot.stop();
  await ding?.close();
  await wecom?.close();
});

describe("npm start with several doors", () => {
  it("answers on DingTalk and WeCom while /healthz reports every door", async () => {
    await waitFor(() => ding.liveConnections > 0, "DingTalk stream open", 30_000);
    ding.deliver(ding.robotMessage({ text: "@政务帮企业开办多长时间能办结？", group: true, session: "start-g1" }));
    await waitFor(() => ding.webhookPosts.some((p) => p.session === "start-g1"), "DingTalk answer", 15_000);
    const post = ding.webhookPosts.find((p) => p.session === "start-g1")!;
    expect(post.body.at.atUserIds).toEqual(["staff001"]);
    expect(post.body.markdown.text).toContain("办结");

    const botUrl = `http://127.0.0.1:${bot.port}/wecom/bot`;
    const v = await wecom.verifyUrl(botUrl);
    expect(v).toMatchObject({ status: 200, body: v.expected });
    const r = await wecom.post(botUrl, wecom.textMessage({ text: "无外线工程的用水报装要几个工作日？" }));
    expect(r.signed).toBe(true);
    expect(r.reply!.stream).toMatchObject({ finish: true });
    expect(r.reply!.stream.content).toContain("3个工作日");

    const health = (await (await fetch(`http://127.0.0.1:${bot.port}/healthz`)).json()) as any;
    expect(health.channels.dingtalk).toMatchObject({ state: "open", reconnects: 0 });
    expect(health.channels.dingtalk.lastMessageAt).not.toBeNull();
    expect(health.channels.wecom).toMatchObject({ state: "open", lastError: null });
    expect(health.channels.wecom.lastMessageAt).not.toBeNull();
    expect(Object.keys(health.channels.wechat)).toEqual(expect.arrayContaining(["state", "lastMessageAt", "lastError", "reconnects"]));
    expect(health.channels.http.state).toBe("open");
  });

  it("stops cleanly on SIGTERM", async () => {
    expect(await bot.stop()).toBe(0);
  });
});
