// The robot OpenAPI's real refusals, from a fake that answers as DingTalk documents them: 403
// Forbidden.AccessDenied.QpsLimitForApi past the QPS limit (retried after the one-second window),
// HTTP 400 InvalidAuthentication for a revoked token (refreshed once), and a burst paced below the limit.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DingTalkSender } from "../../../bot/channels/dingtalk/send.ts";
import { silentLogger } from "../../../core/log.ts";
import { PushError } from "../../../core/delivery.ts";
import { AttachmentTooLargeError } from "../../../core/attachment.ts";
import { FakeDingTalk } from "../../fakes/dingtalk-gateway.ts";

let fake: FakeDingTalk;
const log = silentLogger();

beforeAll(async () => {
  fake = await FakeDingTalk.start();
});
beforeEach(() => {
  fake.pushes.length = 0;
  fake.tokenCalls = 0;
  fake.qpsLimited = 0;
  fake.qpsRejections = 0;
  fake.qpsLimit = 0;
  fake.permissionDenied = 0;
});
afterAll(async () => {
  await fake.close();
});

const sender = (over: Partial<ConstructorParameters<typeof DingTalkSender>[0]> = {}) =>
  new DingTalkSender({ clientId: fake.clientId, clientSecret: fake.clientSecret, robotCode: fake.clientId, apiBaseUrl: fake.url, log, retry: { attempts: 4, baseDelayMs: 5, rateLimitDelayMs: 60 }, ...over });

describe("DingTalk robot API limits", () => {
  it("retries a 403 QpsLimitForApi after the rate-limit pause and delivers once", async () => {
    fake.qpsLimited = 2;
    const t0 = Date.now();
    await sender().sendToUsers(["officer01"], "工单 TS20261125-0001 明天到期");
    expect(fake.qpsRejections).toBe(2);
    expect(fake.pushes).toHaveLength(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100); // waited the pause twice, not the 5 ms base
  });

  it("keeps a push retryable when the QPS limit persists, so the durable queue tries again later", async () => {
    fake.qpsLimited = 10;
    const err = await sender().sendToUsers(["officer02"], "提醒").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PushError);
    expect((err as PushError).retryable).toBe(true);
    expect(fake.pushes).toHaveLength(0);
  });

  it("does not retry a 403 that is a missing permission, and says it is permanent", async () => {
    fake.permissionDenied = 1;
    const err = await sender().sendToUsers(["officer-perm"], "提醒").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PushError);
    expect((err as PushError).retryable).toBe(false);
    expect((err as PushError).message).toContain("AccessTokenPermissionDenied");
    expect(fake.permissionDenied).toBe(0);
    // The next call goes through: the refusal was answered once, not retried into the next test.
    await sender().sendToUsers(["officer-perm"], "提醒");
    expect(fake.pushes).toHaveLength(1);
  });

  it("refreshes a revoked token once on HTTP 400 InvalidAuthentication and delivers", async () => {
    const s = sender();
    await s.sendToUsers(["officer03"], "一");
    expect(fake.tokenCalls).toBe(1);
    fake.revokeTokens();
    await s.sendToUsers(["officer03"], "二");
    expect(fake.tokenCalls).toBe(2);
    expect(fake.pushes.map((p) => JSON.parse(p.body.msgParam).text)).toEqual(["一", "二"]);
    expect(fake.pushes[0].token).not.toBe(fake.pushes[1].token);
  });

  it("paces a reminder burst below DingTalk's QPS limit instead of learning it from 403s", async () => {
    fake.qpsLimit = 8; // the fake refuses the ninth call in any rolling second
    // Half the limit, as the default (10) is half of DingTalk's documented 20: network jitter can
    // bring two paced seconds' calls into one second at the server, and that must still fit.
    const s = sender({ qps: 4 });
    const ids = Array.from({ length: 9 }, (_, i) => `officer-burst-${i}`);
    await Promise.all(ids.map((id) => s.sendToUsers([id], `工单提醒 ${id}`)));
    expect(fake.qpsRejections).toBe(0);
    expect(new Set(fake.pushes.flatMap((p) => p.body.userIds))).toEqual(new Set(ids));
  });

  it("downloads a file the user sent through messageFiles/download, bounded in size", async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
    fake.files.set("code-photo-1", jpeg);
    const s = sender();
    expect(await s.download("code-photo-1", 1_000_000)).toEqual(jpeg);
    await expect(s.download("code-photo-1", 1000)).rejects.toBeInstanceOf(AttachmentTooLargeError);
    await expect(s.download("code-unknown", 1000)).rejects.toThrow(/download/);
  });
});
