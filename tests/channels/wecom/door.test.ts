// The WeCom 智能机器人 door on a real HTTP server on 127.0.0.1, driven by a fake WeCom that
// encrypts and signs as the platform does (@wecom/crypto, receiveid "").
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { startWeCom, type WeComDoor } from "../../../bot/channels/wecom/index.ts";
import { loadConfig } from "../../../bot/config.ts";
import { silentLogger } from "../../../core/log.ts";
import { textReply, type IncomingMessage, type Reply } from "../../../core/message.ts";
import { PushError } from "../../../core/delivery.ts";
import { FakeWeCom } from "../../fakes/wecom.ts";

let fake: FakeWeCom;
let door: WeComDoor;
let server: ServerType;
let botUrl = "";
let delayMs = 0;
const handle = vi.fn(async (m: IncomingMessage): Promise<Reply> => {
  if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
  return textReply("question", `收到：${m.text}`, { citations: [{ doc: "d", title: "优化营商环境条例", section: "第十条", text: "…" }] });
});

beforeAll(async () => {
  fake = await FakeWeCom.start();
  const config = loadConfig({
    WECOM_BOT_TOKEN: fake.token,
    WECOM_BOT_AES_KEY: fake.aesKey,
    WECOM_CORP_ID: fake.corpId,
    WECOM_CORP_SECRET: fake.corpSecret,
    WECOM_AGENT_ID: String(fake.agentId),
    WECOM_API_BASE_URL: fake.url,
  });
  door = startWeCom({ config, log: silentLogger(), handle, tuning: { replyBudgetMs: 1_500, appRetry: { attempts: 3, baseDelayMs: 10 } } });
  await new Promise<void>((r) => {
    server = serve({ fetch: (req) => door.handle(req), port: 0, hostname: "127.0.0.1" }, () => r());
  });
  botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom/bot`;
});
afterEach(() => {
  handle.mockClear();
  delayMs = 0;
});
afterAll(async () => {
  await door.stop();
  server.close();
  await fake.close();
});

describe("WeCom 智能机器人 door", () => {
  it("passes WeCom's URL verification and refuses one with a wrong signature", async () => {
    const ok = await fake.verifyUrl(botUrl);
    expect(ok.status).toBe(200);
    expect(ok.body).toBe(ok.expected);
    const bad = await fake.verifyUrl(botUrl, { badSignature: true });
    expect(bad.status).toBe(403);
    expect(bad.body).not.toBe(bad.expected);
  });

  it("answers a single-chat text passively with an encrypted, signed stream reply that is finished", async () => {
    const r = await fake.post(botUrl, fake.textMessage({ text: "企业开办要多久？" }));
    expect(r.status).toBe(200);
    expect(r.signed).toBe(true);
    expect(r.reply).toMatchObject({ msgtype: "stream", stream: { finish: true } });
    expect(r.reply!.stream.content).toContain("收到：企业开办要多久？");
    expect(r.reply!.stream.content).toContain("《优化营商环境条例》 第十条");
    expect(handle.mock.calls[0]![0]).toMatchObject({ channel: "wecom", userId: "zhangsan", mentioned: true });
    expect(door.state().lastMessageAt).not.toBeNull();
  });

  it("strips the robot's @name in a group and keeps the group", async () => {
    const r = await fake.post(botUrl, fake.textMessage({ text: "@政务帮企业开办多长时间能办结？", group: "wrGROUP01" }));
    expect(r.reply!.stream.content).toContain("收到：企业开办多长时间能办结？");
    expect(handle.mock.calls[0]![0]).toMatchObject({ groupId: "wrGROUP01", text: "企业开办多长时间能办结？" });
    await fake.post(botUrl, fake.textMessage({ text: "@企微助手 开公司要什么材料", group: "wrGROUP01" }));
    expect(handle.mock.calls[1]![0].text).toBe("开公司要什么材料");
  });

  it("refuses a callback with a wrong signature with 403 and does nothing", async () => {
    const before = door.state().refused;
    const r = await fake.post(botUrl, fake.textMessage({ text: "伪造的消息" }), { badSignature: true });
    expect(r.status).toBe(403);
    expect(handle).not.toHaveBeenCalled();
    expect(door.state().refused).toBe(before + 1);
  });

  it("refuses a stale timestamp (a replayed capture) with 403", async () => {
    const r = await fake.post(botUrl, fake.textMessage({ text: "旧消息" }), { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(r.status).toBe(403);
    expect(handle).not.toHaveBeenCalled();
  });

  it("refuses an envelope made for another receiver (a self-built app's corp id)", async () => {
    const r = await fake.post(botUrl, fake.textMessage({ text: "别的应用的回调" }), { receiveId: fake.corpId });
    expect(r.status).toBe(403);
    expect(handle).not.toHaveBeenCalled();
  });

  it("answers a retried msgid once: the retry gets an empty packet and the pipeline runs once", async () => {
    const payload = fake.textMessage({ text: "重复推送的问题", msgid: "MSG-DUP-1" });
    const first = await fake.post(botUrl, payload);
    const again = await fake.post(botUrl, payload);
    expect(first.reply!.stream.content).toContain("重复推送的问题");
    expect(again).toMatchObject({ status: 200, reply: null });
    expect(handle).toHaveBeenCalledTimes(1);
  });

  it("answers late through response_url, once, when the pipeline misses the passive window", async () => {
    delayMs = 2_500;
    const url = fake.responseUrl();
    const r = await fake.post(botUrl, fake.textMessage({ text: "慢问题", responseUrl: url }));
    expect(r).toMatchObject({ status: 200, reply: null });
    await door.idle();
    const post = fake.responsePosts.find((p) => url.endsWith(p.code));
    expect(post?.body).toMatchObject({ msgtype: "markdown" });
    expect(post!.body.markdown.content).toContain("收到：慢问题");
    expect(fake.responseRefusals).toEqual([]);
    expect(door.state().lateAnswers).toBe(1);
  });

  it("hands a picture to the pipeline with a handle that downloads and decrypts it", async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 3)]);
    const payload = { ...fake.textMessage({ text: "" }), msgtype: "image", image: { url: fake.hostMedia(png) } } as Record<string, unknown>;
    delete payload.text;
    await fake.post(botUrl, payload);
    const msg = handle.mock.calls[0]![0];
    expect(msg.text).toBe("");
    expect(msg.attachments![0]!.kind).toBe("image");
    expect(await msg.attachments![0]!.fetch(10_000)).toEqual(png);
  });

  it("reads mixed text and picture, and a voice transcript", async () => {
    const jpg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(50, 4)]);
    const mixed = { ...fake.textMessage({ text: "" }), msgtype: "mixed", mixed: { msg_item: [{ msgtype: "text", text: { content: "这是现场照片" } }, { msgtype: "image", image: { url: fake.hostMedia(jpg) } }] } };
    await fake.post(botUrl, mixed);
    expect(handle.mock.calls[0]![0].text).toBe("这是现场照片");
    expect(await handle.mock.calls[0]![0].attachments![0]!.fetch(10_000)).toEqual(jpg);
    const voice = { ...fake.textMessage({ text: "" }), msgtype: "voice", voice: { content: "营业执照怎么变更" } };
    await fake.post(botUrl, voice);
    expect(handle.mock.calls[1]![0]).toMatchObject({ text: "营业执照怎么变更" });
    expect(handle.mock.calls[1]![0].attachments).toBeUndefined();
  });

  it("pushes to an officer through the self-built app, refreshing an expired token once and riding out 45009", async () => {
    await door.pusher.push({ channel: "wecom", userId: "officer-wecom-1" }, "工单 TS20261125-0001 明天到期");
    fake.expireTokens();
    fake.rateLimited = 1;
    await door.pusher.push({ channel: "wecom", userId: "officer-wecom-1" }, "第二条提醒");
    expect(fake.sent.map((s) => s.body.text.content)).toEqual(["工单 TS20261125-0001 明天到期", "第二条提醒"]);
    expect(fake.sent[0]!.body).toMatchObject({ touser: "officer-wecom-1", msgtype: "text", agentid: fake.agentId });
    expect(fake.tokenCalls).toBe(2);
    const err = await door.pusher.push({ channel: "wecom", userId: "not-a-member" }, "x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PushError);
    expect((err as PushError).retryable).toBe(false);
  });
});
