// The real dingtalk-stream SDK client against a fake DingTalk on 127.0.0.1.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startDingTalk, type DingTalkChannel } from "../../../bot/channels/dingtalk/index.ts";
import { loadConfig } from "../../../bot/config.ts";
import { silentLogger } from "../../../core/log.ts";
import { textReply, type IncomingMessage, type Reply } from "../../../core/message.ts";
import { FakeDingTalk, TOPIC_ROBOT, waitFor } from "../../fakes/dingtalk-gateway.ts";

let fake: FakeDingTalk;
let channel: DingTalkChannel | undefined;
const received: IncomingMessage[] = [];

// Answers with what it understood, so assertions check the real parse → handle → send path.
async function echo(msg: IncomingMessage): Promise<Reply> {
  received.push(msg);
  if (msg.text.startsWith("长")) return textReply("question", Array.from({ length: 6 }, (_, i) => `第${i + 1}段。` + "政策内容较长。".repeat(250)).join("\n\n"));
  return textReply("question", `收到：${msg.text}`, {
    citations: [{ doc: "d1", title: "关于支持小微企业发展的若干措施", section: "第三条", text: "…" }],
  });
}

async function start(tuning = {}) {
  const config = loadConfig({ DINGTALK_CLIENT_ID: fake.clientId, DINGTALK_CLIENT_SECRET: fake.clientSecret });
  channel = await startDingTalk({
    config,
    log: silentLogger(),
    handle: echo,
    gatewayUrl: fake.url,
    apiBaseUrl: fake.url,
    // Watchdog off by default (long interval) so a slow CI machine cannot cause a spurious reconnect.
    tuning: { pingIntervalMs: 60_000, pongTimeoutMs: 30_000, reconnectBaseMs: 50, reconnectMaxMs: 200, ...tuning },
    retry: { attempts: 3, baseDelayMs: 10 },
  });
  return channel;
}

beforeAll(async () => {
  fake = await FakeDingTalk.start();
});
afterEach(async () => {
  await channel?.stop();
  channel = undefined;
  received.length = 0;
  fake.webhookPosts.length = 0;
  fake.acks.length = 0;
});
afterAll(async () => {
  await fake.close();
});

describe("DingTalk Stream channel", () => {
  it("registers the robot topic and answers a group @-message through its session webhook", async () => {
    const ch = await start();
    expect(ch.state().status).toBe("open");
    expect(fake.opens.at(-1)!.subscriptions).toContainEqual({ type: "CALLBACK", topic: TOPIC_ROBOT });

    fake.deliver(fake.robotMessage({ text: "@政务帮 房租补贴怎么申请", group: true, session: "g1", nick: "李四" }));
    await waitFor(() => fake.webhookPosts.length === 1, "webhook reply");

    const post = fake.webhookPosts[0];
    expect(post.session).toBe("g1");
    expect(post.body.msgtype).toBe("markdown");
    // The asker is @-ed, as the official SDK's reply_markdown does (at.atUserIds) and shown in the text.
    expect(post.body.markdown.text).toBe("@staff001 收到：房租补贴怎么申请\n\n**来源：**\n\n- 《关于支持小微企业发展的若干措施》 第三条");
    expect(post.body.at).toEqual({ atUserIds: ["staff001"], isAtAll: false });
    expect(post.body.markdown.title).toBe("收到：房租补贴怎么申请");
    expect(received[0]).toMatchObject({ channel: "dingtalk", groupId: "cidGroup0001+abc==", mentioned: true, userName: "李四" });
    expect(ch.state().lastMessageAt).not.toBeNull();
  });

  it("answers a one-to-one message and acks the frame with its messageId", async () => {
    await start();
    const frameId = fake.deliver(fake.robotMessage({ text: "营业执照多久办好", session: "p1", staffId: "staff777" }));
    await waitFor(() => fake.webhookPosts.length === 1 && fake.acks.length === 1, "reply and ack");
    expect(fake.webhookPosts[0].session).toBe("p1");
    expect(fake.webhookPosts[0].body.markdown.text).toMatch(/^收到：营业执照多久办好/);
    expect(received[0]).toMatchObject({ userId: "staff777", mentioned: true });
    expect(received[0].groupId).toBeUndefined();
    expect(fake.acks[0]).toMatchObject({ messageId: frameId, code: 200 });
    // The SDK answered the gateway's application-level ping too.
    expect(fake.pingEchoes.length).toBeGreaterThan(0);
  });

  it("processes a redelivered callback once but acks both deliveries", async () => {
    await start();
    const data = fake.robotMessage({ text: "重复的问题", session: "r1" });
    const frameId = fake.deliver(data);
    fake.redeliver(frameId);
    fake.deliver(data); // redelivered under a fresh frame id, same msgId
    await waitFor(() => fake.acks.length === 3, "three acks");
    fake.deliver(fake.robotMessage({ text: "下一个问题", session: "r2" }));
    await waitFor(() => fake.webhookPosts.length === 2, "second reply");
    expect(received.map((m) => m.text)).toEqual(["重复的问题", "下一个问题"]);
    expect(fake.webhookPosts.map((p) => p.session)).toEqual(["r1", "r2"]);
  });

  it("survives a malformed frame", async () => {
    const ch = await start();
    fake.sendRaw("{not json");
    fake.deliver(fake.robotMessage({ text: "还在吗", session: "m1" }));
    await waitFor(() => fake.webhookPosts.length === 1, "reply after bad frame");
    expect(ch.state().status).toBe("open");
  });

  it("reconnects after the connection is dropped and answers the next message", async () => {
    const ch = await start();
    const before = fake.connectionsOpened;
    fake.dropConnections();
    await waitFor(() => fake.connectionsOpened === before + 1 && ch.state().status === "open", "reconnect");
    expect(ch.state().reconnects).toBe(1);
    fake.deliver(fake.robotMessage({ text: "断线后的问题", session: "d1" }));
    await waitFor(() => fake.webhookPosts.length === 1, "reply after reconnect");
    expect(fake.webhookPosts[0].body.markdown.text).toMatch(/^收到：断线后的问题/);
  });

  it("detects a gateway that stops answering pings without closing, and reconnects", async () => {
    const ch = await start({ pingIntervalMs: 100, pongTimeoutMs: 400 });
    // A healthy gateway answers the pings: no reconnect while pongs come back.
    const pinged = fake.pingsReceived;
    await waitFor(() => fake.pingsReceived >= pinged + 2, "two answered pings");
    expect(ch.state().reconnects).toBe(0);
    const before = fake.connectionsOpened;
    fake.stallConnections();
    await waitFor(() => fake.connectionsOpened > before && fake.liveConnections >= 1 && ch.state().status === "open", "watchdog reconnect");
    expect(ch.state().reconnects).toBeGreaterThanOrEqual(1);
    fake.deliver(fake.robotMessage({ text: "静默断线后的问题", session: "s1" }));
    await waitFor(() => fake.webhookPosts.length === 1, "reply after watchdog reconnect");
    expect(fake.webhookPosts[0].session).toBe("s1");
  });

  it("splits a long answer into several webhook posts", async () => {
    await start();
    fake.deliver(fake.robotMessage({ text: "长答案", session: "l1" }));
    // The last part announces the total: "(续 n/n)".
    const done = () => /^\*\*（续 (\d+)\/\1）\*\*/.test(fake.webhookPosts.at(-1)?.body.markdown.text ?? "");
    await waitFor(done, "all parts of the split reply");
    const texts = fake.webhookPosts.map((p) => p.body.markdown.text as string);
    expect(texts.length).toBeGreaterThan(1);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(3500);
    expect(texts[0]).toMatch(/^第1段。/);
    expect(texts.at(-1)).toMatch(new RegExp(`^\\*\\*（续 ${texts.length}/${texts.length}）\\*\\*`));
    expect(texts.join("").match(/第\d段。/g)).toEqual(["第1段。", "第2段。", "第3段。", "第4段。", "第5段。", "第6段。"]);
  });

  it("answers through the robot API when the session webhook has expired", async () => {
    await start();
    fake.deliver(fake.robotMessage({ text: "过期会话", group: true, expiresAt: Date.now() - 1000 }));
    await waitFor(() => fake.groupSends.length === 1, "group send fallback");
    expect(fake.webhookPosts).toHaveLength(0);
    const body = fake.groupSends[0].body;
    expect(body).toMatchObject({ openConversationId: "cidGroup0001+abc==", robotCode: fake.clientId, msgKey: "sampleMarkdown" });
    expect(JSON.parse(body.msgParam).text).toMatch(/^收到：过期会话/);
  });

  it("gives up on a connection attempt that hangs and uses only the retry that succeeds", async () => {
    fake.holdOpens = true;
    const ch = await start({ connectTimeoutMs: 150, reconnectBaseMs: 400, reconnectMaxMs: 400 });
    expect(ch.state().status).toBe("reconnecting");
    const before = fake.connectionsOpened;
    fake.releaseOpens(); // the abandoned request now gets a ticket; it must not be dialled
    await waitFor(() => ch.state().status === "open", "open after retry");
    await waitFor(() => fake.opens.length >= 2, "both open requests answered");
    expect(fake.connectionsOpened).toBe(before + 1);
    fake.deliver(fake.robotMessage({ text: "超时重连后的问题", session: "t1" }));
    await waitFor(() => fake.webhookPosts.length === 1, "reply after slow start");
    expect(fake.webhookPosts[0].session).toBe("t1");
  });

  it("reports 'stopped' and stops reconnecting after stop()", async () => {
    const ch = await start();
    await ch.stop();
    const opened = fake.connectionsOpened;
    expect(ch.state().status).toBe("stopped");
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.connectionsOpened).toBe(opened);
  });
});
