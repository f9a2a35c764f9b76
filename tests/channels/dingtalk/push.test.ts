// Proactive messages through the robot OpenAPI of a fake DingTalk on 127.0.0.1.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startDingTalk } from "../../../bot/channels/dingtalk/index.ts";
import { DingTalkSender, TokenCache } from "../../../bot/channels/dingtalk/send.ts";
import { loadConfig } from "../../../bot/config.ts";
import { silentLogger } from "../../../core/log.ts";
import { textReply } from "../../../core/message.ts";
import { PushError } from "../../../core/delivery.ts";
import { FakeDingTalk } from "../../fakes/dingtalk-gateway.ts";

let fake: FakeDingTalk;
const log = silentLogger();
const retry = { attempts: 3, baseDelayMs: 5 };

beforeAll(async () => {
  fake = await FakeDingTalk.start();
});
beforeEach(() => {
  fake.pushes.length = 0;
  fake.tokenCalls = 0;
  fake.batchSendFailures = [];
});
afterAll(async () => {
  await fake.close();
});

const sender = (over: Partial<ConstructorParameters<typeof DingTalkSender>[0]> = {}) =>
  new DingTalkSender({ clientId: fake.clientId, clientSecret: fake.clientSecret, robotCode: "robot-001", apiBaseUrl: fake.url, log, retry, ...over });

describe("DingTalk pusher", () => {
  it("delivers two pushes through batchSend with one cached token", async () => {
    const config = loadConfig({ DINGTALK_CLIENT_ID: fake.clientId, DINGTALK_CLIENT_SECRET: fake.clientSecret, DINGTALK_ROBOT_CODE: "robot-001" });
    const ch = await startDingTalk({ config, log, handle: async () => textReply("other", "x"), gatewayUrl: fake.url, apiBaseUrl: fake.url, retry });
    try {
      await ch.pusher.push({ channel: "dingtalk", userId: "officer01" }, "工单 T-1 将于明天到期\n请尽快处理");
      await ch.pusher.push({ channel: "dingtalk", userId: "officer02" }, "工单 T-2 已超期");
    } finally {
      await ch.stop();
    }
    expect(fake.tokenCalls).toBe(1);
    expect(fake.pushes).toHaveLength(2);
    const [a, b] = fake.pushes;
    expect(a.token).toBe(b.token);
    expect(a.body).toMatchObject({ robotCode: "robot-001", userIds: ["officer01"], msgKey: "sampleMarkdown" });
    expect(JSON.parse(a.body.msgParam)).toEqual({ title: "工单 T-1 将于明天到期", text: "工单 T-1 将于明天到期  \n请尽快处理" });
    expect(b.body.userIds).toEqual(["officer02"]);
  });

  it("refreshes the token once it is close to expiry", async () => {
    let now = 1_000_000;
    const s = sender({ now: () => now });
    await s.sendToUsers(["u1"], "一");
    now += 7200_000 - 60_000; // inside the refresh margin
    await s.sendToUsers(["u1"], "二");
    expect(fake.tokenCalls).toBe(2);
    expect(fake.pushes[0].token).not.toBe(fake.pushes[1].token);
  });

  it("shares one token request between concurrent callers", async () => {
    const t = new TokenCache({ clientId: fake.clientId, clientSecret: fake.clientSecret, robotCode: "r", apiBaseUrl: fake.url, log });
    const [x, y] = await Promise.all([t.get(), t.get()]);
    expect(x).toBe(y);
    expect(fake.tokenCalls).toBe(1);
  });

  it("retries a 5xx and then delivers", async () => {
    fake.batchSendFailures = [503, 500];
    await sender().sendToUsers(["officer03"], "提醒");
    expect(fake.pushes).toHaveLength(1);
    expect(fake.batchSendFailures).toEqual([]);
  });

  it("throws a retryable PushError when 5xx persists", async () => {
    fake.batchSendFailures = [502, 502, 502, 502];
    const err = await sender().sendToUsers(["officer04"], "提醒").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PushError);
    expect((err as PushError).retryable).toBe(true);
    expect(fake.pushes).toHaveLength(0);
  });

  it("throws a non-retryable PushError for an unknown staff id", async () => {
    const err = await sender().sendToUsers(["nobody-1"], "提醒").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PushError);
    expect((err as PushError).retryable).toBe(false);
  });

  it("throws a non-retryable PushError for wrong credentials", async () => {
    const err = await sender({ clientSecret: "wrong" }).sendToUsers(["officer05"], "提醒").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PushError);
    expect((err as PushError).retryable).toBe(false);
    expect(fake.pushes).toHaveLength(0);
  });

  it("throws a retryable PushError when DingTalk is unreachable", async () => {
    const err = await sender({ apiBaseUrl: "http://127.0.0.1:9" }).sendToUsers(["officer06"], "提醒").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PushError);
    expect((err as PushError).retryable).toBe(true);
  });
});
