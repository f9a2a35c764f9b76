// The Stream connection's lifecycle against a fake gateway that behaves as the protocol document
// says: a SYSTEM disconnect, after which the gateway routes nothing more to that socket and closes
// it some seconds later; a zombie socket that still answers pings but gets nothing; periodic rotation.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startDingTalk, type DingTalkChannel } from "../../../bot/channels/dingtalk/index.ts";
import { loadConfig } from "../../../bot/config.ts";
import { silentLogger } from "../../../core/log.ts";
import { textReply, type IncomingMessage, type Reply } from "../../../core/message.ts";
import { FakeDingTalk, waitFor } from "../../fakes/dingtalk-gateway.ts";

let fake: FakeDingTalk;
let channel: DingTalkChannel | undefined;
const received: IncomingMessage[] = [];

async function echo(msg: IncomingMessage): Promise<Reply> {
  received.push(msg);
  return textReply("question", `收到：${msg.text}`);
}

async function start(tuning = {}) {
  const config = loadConfig({ DINGTALK_CLIENT_ID: fake.clientId, DINGTALK_CLIENT_SECRET: fake.clientSecret, DINGTALK_API_BASE_URL: fake.url });
  channel = await startDingTalk({
    config,
    log: silentLogger(),
    handle: echo,
    tuning: { pingIntervalMs: 60_000, pongTimeoutMs: 30_000, reconnectBaseMs: 50, reconnectMaxMs: 200, drainMs: 300, checkEveryMs: 25, isWorkingTime: () => true, ...tuning },
    retry: { attempts: 3, baseDelayMs: 10 },
  });
  return channel;
}

beforeAll(async () => {
  fake = await FakeDingTalk.start({ systemPingEveryMs: 50 });
});
afterEach(async () => {
  await channel?.stop();
  channel = undefined;
  received.length = 0;
  fake.webhookPosts.length = 0;
  fake.lost.length = 0;
});
afterAll(async () => {
  await fake.close();
});

const answered = (session: string) => fake.webhookPosts.some((p) => p.session === session);

describe("DingTalk Stream lifecycle", () => {
  it("answers a SYSTEM disconnect with a new connection at once, and loses no message in the 10-second window", async () => {
    const ch = await start();
    const before = fake.connectionsOpened;
    const t0 = Date.now();
    // The real gateway closes the socket 10 s after the frame; the test keeps the order of events, shorter.
    fake.sendDisconnect(4_000);
    // The successor opens while the old socket is still open (make-before-break), long before the close.
    await waitFor(() => fake.connectionsOpened === before + 1, "new connection", 3_500);
    expect(Date.now() - t0).toBeLessThan(3_500);
    expect(fake.openAtAccept.at(-1)).toBeGreaterThanOrEqual(1); // the old socket was still open
    // Messages keep arriving in the window, and all are answered on the new connection.
    const sessions: string[] = [];
    for (let i = 0; i < 6; i++) {
      const s = `window-${i}`;
      sessions.push(s);
      fake.deliver(fake.robotMessage({ text: `断线窗口内的问题${i}`, session: s }));
      await new Promise((r) => setTimeout(r, 50));
    }
    await waitFor(() => sessions.every(answered), "all six answered");
    expect(fake.lost).toEqual([]);
    expect(ch.state().reconnects).toBe(1);
    await waitFor(() => ch.state().connections === 1, "old connection drained", 6_000);
    expect(ch.state().status).toBe("open");
    expect(fake.connectionsOpened).toBe(before + 1);
  });

  it("replaces a zombie connection that still answers pings but carries no frame, and says so in its state", async () => {
    const ch = await start({ silentRotateMs: 1_200, pingIntervalMs: 50, pongTimeoutMs: 2_000 });
    await new Promise((r) => setTimeout(r, 600)); // healthy: system pings keep it fresh, no rotation
    expect(ch.state().reconnects).toBe(0);
    const before = fake.connectionsOpened;
    const pinged = fake.pingsReceived;
    fake.zombify();
    await waitFor(() => fake.connectionsOpened === before + 1, "zombie replaced", 8_000);
    // Pongs kept coming while it was a zombie: the ping/pong watchdog alone would never have noticed.
    expect(fake.pingsReceived).toBeGreaterThan(pinged);
    expect(ch.state().alert).toMatch(/未收到任何消息帧/);
    fake.deliver(fake.robotMessage({ text: "僵尸连接之后的问题", session: "z1" }));
    await waitFor(() => answered("z1"), "answer on the new connection");
    expect(ch.state().alert).toBeNull();
    expect(ch.state().lastMessageAt).not.toBeNull();
  });

  it("does not treat silence outside working time as a zombie", async () => {
    const ch = await start({ silentRotateMs: 200, isWorkingTime: () => false });
    const before = fake.connectionsOpened;
    fake.zombify();
    await new Promise((r) => setTimeout(r, 600));
    expect(fake.connectionsOpened).toBe(before);
    expect(ch.state().reconnects).toBe(0);
  });

  it("rotates an old connection make-before-break and keeps answering", async () => {
    const ch = await start({ rotateEveryMs: 300 });
    await waitFor(() => ch.state().reconnects >= 1, "periodic rotation", 5_000);
    fake.deliver(fake.robotMessage({ text: "轮换后的问题", session: "r1" }));
    await waitFor(() => answered("r1"), "answer after rotation");
    expect(fake.lost).toEqual([]);
  });

  it("subscribes to the robot topic only, never to every event of the app", async () => {
    await start();
    expect(fake.opens.at(-1)!.subscriptions).toEqual([{ type: "CALLBACK", topic: "/v1.0/im/bot/messages/get" }]);
  });
});
