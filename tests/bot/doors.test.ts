// Doors start on their own: one that fails is reported in /healthz and retried with back-off while
// the others and HTTP serve; pushes to it meanwhile go to the durable retry queue.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDoors } from "../../bot/root/doors.ts";
import { startHttp } from "../../bot/channels/local/http.ts";
import { PushError } from "../../core/delivery.ts";
import { startApp, waitUntil, type Running } from "../e2e/helpers.ts";

let r: Running;
beforeAll(async () => {
  r = await startApp();
});
afterAll(async () => {
  await r?.close();
});

describe("startDoors", () => {
  it("keeps serving when one door fails, reports it, and retries it until it comes up", async () => {
    let wechatTries = 0;
    const pushed: string[] = [];
    // The third try waits for the test: what is checked while the door is down must not race the retry.
    let release!: () => void;
    const gate = new Promise<void>((res) => (release = res));
    const doors = startDoors(r.w, r.app, {
      // Slow enough that /healthz is read between two tries even on a loaded machine.
      retryBaseMs: 600,
      retryMaxMs: 600,
      starters: [
        [
          "wechat",
          async () => {
            wechatTries++;
            if (wechatTries < 3) throw new Error("Cannot find package 'wechaty-puppet-padlocal'");
            await gate;
            return { pusher: { push: async (_to, text) => void pushed.push(text) }, state: () => ({ loggedIn: true, lastMessageAt: null, lastError: null, relogins: 0 }), stop: async () => {} };
          },
        ],
        [
          "dingtalk",
          async () => ({ pusher: { push: async () => {} }, state: () => ({ status: "open", lastMessageAt: "2026-11-25T01:00:00.000Z", reconnects: 2, lastError: null }), stop: async () => {} }),
        ],
      ],
    });
    const { server, port } = await startHttp({ app: r.app, root: r.w, health: () => ({ channels: doors.states() }) }, 0, "127.0.0.1");
    try {
      await doors.settled();
      const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as any;
      expect(health.channels.dingtalk).toMatchObject({ state: "open", lastMessageAt: "2026-11-25T01:00:00.000Z", reconnects: 2, lastError: null });
      expect(health.channels.wechat).toMatchObject({ state: "failed", lastError: "Cannot find package 'wechaty-puppet-padlocal'", lastMessageAt: null, reconnects: 0 });
      // Meanwhile a push to the failed door is retryable: the durable queue keeps it.
      const err = await r.w.pusher.push({ channel: "wechat", userId: "wxid_officer" }, "提醒").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PushError);
      expect((err as PushError).retryable).toBe(true);
      release();
      await waitUntil(() => doors.states().wechat!.state === "open", "wechat retried until up", 10_000);
      expect(wechatTries).toBe(3);
      await r.w.pusher.push({ channel: "wechat", userId: "wxid_officer" }, "提醒二");
      expect(pushed).toEqual(["提醒二"]);
    } finally {
      server.close();
      await doors.stop();
    }
  });

  it("serves WeCom's route only when the WeCom door is configured, and 503 while it is not up", async () => {
    const none = startDoors(r.w, r.app, { starters: [] });
    expect(none.routes).toEqual([]);
    const slow = startDoors(r.w, r.app, {
      starters: [["wecom", () => new Promise(() => {})]], // never comes up
    });
    expect(slow.routes.map((x) => x.path)).toEqual(["/wecom/bot"]);
    const res = await slow.routes[0]!.handle(new Request("http://x/wecom/bot?msg_signature=a&timestamp=1&nonce=2"));
    expect(res.status).toBe(503);
    expect(slow.states().wecom!.state).toBe("starting");
    await slow.stop();
  });
});
