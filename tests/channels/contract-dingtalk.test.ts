// The door contract on DingTalk: the real dingtalk-stream client and pipeline against the fake DingTalk.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { startDingTalk, type DingTalkChannel } from "../../bot/channels/dingtalk/index.ts";
import { silentLogger } from "../../core/log.ts";
import { FakeDingTalk, waitFor } from "../fakes/dingtalk-gateway.ts";
import { configWithOfficer, doorHandle, startApp, unitForKeyword, type Running } from "../e2e/helpers.ts";
import { doorContract, type DoorDriver } from "./door.contract.ts";

const OFFICER = "staff-officer-contract";
let fake: FakeDingTalk;
let door: DingTalkChannel;
let r: Running;

beforeAll(async () => {
  fake = await FakeDingTalk.start();
  const configDir = configWithOfficer(unitForKeyword("用电"), { channel: "dingtalk", userId: OFFICER });
  r = await startApp({ ZWB_CONFIG_DIR: configDir, DINGTALK_CLIENT_ID: fake.clientId, DINGTALK_CLIENT_SECRET: fake.clientSecret, DINGTALK_API_BASE_URL: fake.url }, { cleanup: [configDir] });
  door = await startDingTalk({ config: r.config, log: silentLogger(), handle: doorHandle(r.app), retry: { attempts: 3, baseDelayMs: 10 }, tuning: { pingIntervalMs: 60_000, pongTimeoutMs: 30_000 } });
  r.w.pusher.register("dingtalk", door.pusher);
});
afterAll(async () => {
  await door?.stop();
  await fake?.close();
  await r?.close();
});

const answersOn = (session: string) => fake.webhookPosts.filter((p) => p.session === session).map((p) => String(p.body.markdown?.text ?? ""));

async function deliverAndWait(data: Record<string, unknown>, session: string, times = 1): Promise<string[]> {
  for (let i = 0; i < times; i++) fake.deliver(data);
  await waitFor(() => answersOn(session).length > 0, `answer on ${session}`);
  await new Promise((res) => setTimeout(res, 150)); // a second answer would arrive by now
  return answersOn(session);
}

const driver = (): DoorDriver => ({
  channel: "dingtalk",
  r,
  complainant: "staff-boss-contract",
  officer: OFFICER,
  async say(user, text) {
    const session = randomUUID();
    return (await deliverAndWait(fake.robotMessage({ text, staffId: user, session }), session)).join("\n");
  },
  async sayTwice(user, text) {
    const session = randomUUID();
    return deliverAndWait(fake.robotMessage({ text, staffId: user, session, msgId: `dup-${session}` }), session, 2);
  },
  async sendPicture(user, bytes) {
    const code = `code-${randomUUID()}`;
    fake.files.set(code, bytes);
    const session = randomUUID();
    return (await deliverAndWait(fake.robotMessage({ text: "", staffId: user, session, msgtype: "picture", content: { downloadCode: code, pictureDownloadCode: `p${code}` } }), session)).join("\n");
  },
  pushedTo: (user) => fake.pushes.filter((p) => (p.body.userIds as string[]).includes(user)).map((p) => String(JSON.parse(p.body.msgParam).text)),
});

doorContract(driver);
