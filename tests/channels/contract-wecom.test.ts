// The door contract on WeCom: the 智能机器人 door on the bot's real HTTP server, the real pipeline,
// and the fake WeCom that encrypts, signs and answers the self-built app API as the platform does.
import { afterAll, beforeAll } from "vitest";
import type { ServerType } from "@hono/node-server";
import { startWeCom, type WeComDoor } from "../../bot/channels/wecom/index.ts";
import { startHttp } from "../../bot/channels/local/http.ts";
import { silentLogger } from "../../core/log.ts";
import { FakeWeCom } from "../fakes/wecom.ts";
import { configWithOfficer, doorHandle, startApp, unitForKeyword, type Running } from "../e2e/helpers.ts";
import { doorContract, type DoorDriver } from "./door.contract.ts";

const OFFICER = "officer-wecom-1";
let fake: FakeWeCom;
let door: WeComDoor;
let r: Running;
let server: ServerType;
let botUrl = "";

beforeAll(async () => {
  fake = await FakeWeCom.start();
  const configDir = configWithOfficer(unitForKeyword("用电"), { channel: "wecom", userId: OFFICER });
  r = await startApp(
    { ZWB_CONFIG_DIR: configDir, WECOM_BOT_TOKEN: fake.token, WECOM_BOT_AES_KEY: fake.aesKey, WECOM_CORP_ID: fake.corpId, WECOM_CORP_SECRET: fake.corpSecret, WECOM_AGENT_ID: String(fake.agentId), WECOM_API_BASE_URL: fake.url },
    { cleanup: [configDir] },
  );
  door = startWeCom({ config: r.config, log: silentLogger(), handle: doorHandle(r.app) });
  r.w.pusher.register("wecom", door.pusher);
  const s = await startHttp({ app: r.app, root: r.w, routes: [{ path: "/wecom/bot", handle: door.handle }] }, 0, "127.0.0.1");
  server = s.server;
  botUrl = `http://127.0.0.1:${s.port}/wecom/bot`;
});
afterAll(async () => {
  await door?.stop();
  server?.close();
  await fake?.close();
  await r?.close();
});

const contentOf = (reply: Record<string, any> | null) => (reply ? String(reply.stream?.content ?? reply.text?.content ?? "") : "");

const driver = (): DoorDriver => ({
  channel: "wecom",
  r,
  complainant: "boss-wecom",
  officer: OFFICER,
  async say(user, text) {
    return contentOf((await fake.post(botUrl, fake.textMessage({ text, user }))).reply);
  },
  async sayTwice(user, text) {
    const payload = fake.textMessage({ text, user });
    const answers = [await fake.post(botUrl, payload), await fake.post(botUrl, payload)].map((x) => contentOf(x.reply));
    return answers.filter(Boolean);
  },
  async sendPicture(user, bytes) {
    const payload: Record<string, unknown> = { ...fake.textMessage({ text: "", user }), msgtype: "image", image: { url: fake.hostMedia(bytes) } };
    delete payload.text;
    return contentOf((await fake.post(botUrl, payload)).reply);
  },
  pushedTo: (user) => fake.sent.filter((s) => String(s.body.touser).split("|").includes(user)).map((s) => String(s.body.text?.content ?? "")),
});

doorContract(driver);
