// The door contract on WeChat: wechaty with wechaty-puppet-mock and the real pipeline.
import { afterAll, beforeAll } from "vitest";
import { FileBox } from "file-box"; // ships with wechaty; used here only to send the mock a picture
import type { WeChatDoor } from "../../bot/channels/wechat/index.ts";
import { createMockWorld, type MockWorld } from "./wechat/harness.ts";
import { configWithOfficer, doorHandle, startApp, unitForKeyword, waitUntil, type Running } from "../e2e/helpers.ts";
import { doorContract, type DoorDriver } from "./door.contract.ts";

let world: MockWorld;
let door: WeChatDoor;
let r: Running;
const users = new Map<string, ReturnType<MockWorld["mocker"]["createContact"]>>();

beforeAll(async () => {
  world = createMockWorld();
  const configDir = configWithOfficer(unitForKeyword("用电"), { channel: "wechat", userId: world.officer.id });
  r = await startApp({ ZWB_CONFIG_DIR: configDir }, { cleanup: [configDir] });
  door = await world.start(doorHandle(r.app));
  r.w.pusher.register("wechat", door.pusher);
  users.set(world.officer.id, world.officer);
  users.set(world.enterprise[2]!.id, world.enterprise[2]!);
});
afterAll(async () => {
  await world?.stop();
  await r?.close();
});

const contact = (id: string) => {
  let c = users.get(id);
  if (!c) {
    c = world.mocker.createContact({ name: id });
    users.set(id, c);
  }
  return c;
};
const saidTo = (id: string) => world.said.filter((s) => s.conversationId === contact(id).id).map((s) => s.text);

async function answer(user: string, send: () => string | void, settleMs = 150): Promise<string[]> {
  const before = saidTo(user).length;
  const id = send();
  if (id) await world.waitProcessed(id);
  await waitUntil(() => saidTo(user).length > before, `answer to ${user}`);
  await door.idle();
  await new Promise((res) => setTimeout(res, settleMs));
  return saidTo(user).slice(before);
}

const driver = (): DoorDriver => ({
  channel: "wechat",
  r,
  complainant: world.enterprise[2]!.id,
  officer: world.officer.id,
  async say(user, text) {
    return (await answer(user, () => world.say(contact(user), text, world.botUser))).join("\n");
  },
  async sayTwice(user, text) {
    return answer(user, () => {
      const id = world.say(contact(user), text, world.botUser);
      world.puppet.emit("message", { messageId: id });
      return id;
    });
  },
  async sendPicture(user, bytes, name) {
    return (await answer(user, () => void contact(user).say(FileBox.fromBase64(bytes.toString("base64"), name)).to(world.botUser))).join("\n");
  },
  // The mock records what the bot says to a contact, answers and pushes alike.
  pushedTo: (user) => saidTo(user),
});

doorContract(driver);
