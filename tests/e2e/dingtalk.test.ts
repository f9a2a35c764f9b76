// The real pipeline behind the DingTalk door, against the fake DingTalk (Stream gateway, session
// webhooks, robot batchSend) on 127.0.0.1: a group asks and complains, the routed unit's officer
// (a staff id in a temp directory.json) answers in a one-to-one chat, the complainant gets the relay.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDingTalk, type DingTalkChannel } from "../../bot/channels/dingtalk/index.ts";
import { silentLogger } from "../../core/log.ts";
import { FakeDingTalk, waitFor } from "../fakes/dingtalk-gateway.ts";
import { configWithOfficer, doorHandle, startApp, unitForKeyword, WATER_QUESTION, type Running } from "./helpers.ts";

const UNIT = unitForKeyword("用电");
const OFFICER = "staff-officer-e2e";
const COMPLAINANT = "staff-boss-e2e";
const COMPLAINT = "我要投诉,我们厂申请用电报装两个多月了还没接通,一直推诿";

let fake: FakeDingTalk;
let door: DingTalkChannel;
let r: Running;

const postsTo = (session: string) => fake.webhookPosts.filter((p) => p.session === session).map((p) => String(p.body.markdown?.text ?? p.body.text?.content ?? ""));
const pushesTo = (userId: string) => fake.pushes.filter((p) => (p.body.userIds as string[]).includes(userId)).map((p) => String(JSON.parse(p.body.msgParam).text));

beforeAll(async () => {
  fake = await FakeDingTalk.start();
  const configDir = configWithOfficer(UNIT, { channel: "dingtalk", userId: OFFICER, name: "供电公司客户经理" });
  r = await startApp(
    { ZWB_CONFIG_DIR: configDir, DINGTALK_CLIENT_ID: fake.clientId, DINGTALK_CLIENT_SECRET: fake.clientSecret },
    { cleanup: [configDir] },
  );
  door = await startDingTalk({
    config: r.config,
    log: silentLogger(),
    handle: doorHandle(r.app),
    gatewayUrl: fake.url,
    apiBaseUrl: fake.url,
    tuning: { pingIntervalMs: 60_000, pongTimeoutMs: 30_000, reconnectBaseMs: 50, reconnectMaxMs: 200 },
    retry: { attempts: 3, baseDelayMs: 10 },
  });
  r.w.pusher.register("dingtalk", door.pusher);
});
afterAll(async () => {
  await door?.stop();
  await fake?.close();
  await r?.close();
});

describe("DingTalk door → real pipeline", () => {
  it("answers a group @-question through the session webhook with its source", async () => {
    fake.deliver(fake.robotMessage({ text: `@政务帮 ${WATER_QUESTION}`, group: true, session: "g-question", staffId: "staff-asker" }));
    await waitFor(() => postsTo("g-question").length > 0, "answer on the session webhook");
    const text = postsTo("g-question").join("\n");
    expect(text).toContain("3个工作日");
    expect(text).toContain("来源");
    expect(text).toContain("关于进一步推进机关作风建设的实施方案");
  });

  it("tickets a complaint and relays the officer's one-to-one reply to the complainant through batchSend", async () => {
    fake.deliver(fake.robotMessage({ text: `@政务帮 ${COMPLAINT}`, group: true, session: "g-complaint", staffId: COMPLAINANT, nick: "李老板" }));
    await waitFor(() => postsTo("g-complaint").some((t) => /TS\d{8}-/.test(t)), "ticket reply");
    const id = /TS\d{8}-[A-Z]?\d{4,}/.exec(postsTo("g-complaint").join("\n"))![0];
    expect(postsTo("g-complaint").join("\n")).toContain(UNIT);
    expect(await r.w.deps.tickets.get(id)).toMatchObject({ unit: UNIT, complainant: { channel: "dingtalk", userId: COMPLAINANT } });

    // The new-ticket notice reaches the officer privately through the robot API.
    await waitFor(() => pushesTo(OFFICER).some((t) => t.includes(id)), "officer notice");
    expect(pushesTo(OFFICER).find((t) => t.includes(id))).toContain(`受理 ${id}`);

    fake.deliver(fake.robotMessage({ text: `回复 ${id} 已安排专人处理`, staffId: OFFICER, session: "p-officer", nick: "客户经理" }));
    await waitFor(() => pushesTo(COMPLAINANT).some((t) => t.includes("已安排专人处理")), "relay to the complainant");
    const relay = pushesTo(COMPLAINANT).find((t) => t.includes("已安排专人处理"))!;
    expect(relay).toContain(id);
    expect(relay).toContain(UNIT);
    // Relayed privately: nothing about the answer was posted back into the group.
    expect(postsTo("g-complaint").some((t) => t.includes("已安排专人处理"))).toBe(false);
    await waitFor(() => postsTo("p-officer").length > 0, "officer confirmation");
    expect(postsTo("p-officer").join("\n")).toContain("已答复");
    expect((await r.w.deps.tickets.get(id))?.status).toBe("replied");
  });
});
