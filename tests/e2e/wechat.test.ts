// The real pipeline behind the WeChat door on wechaty-puppet-mock: the "政务帮" room asks and
// complains, the routed unit's officer (a mock contact listed in a temp directory.json) acts in a
// private chat with the bot, and the relay reaches the complainant on WeChat.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WeChatDoor } from "../../bot/channels/wechat/index.ts";
import { createMockWorld, type MockWorld } from "../channels/wechat/harness.ts";
import { configWithOfficer, doorHandle, startApp, unitForKeyword, WATER_QUESTION, type Running } from "./helpers.ts";

// "用电" is a keyword rule in config/routing.json, so the unit does not depend on search hints.
const UNIT = unitForKeyword("用电");
const COMPLAINT = "我要投诉,我们厂申请用电报装两个多月了还没接通,一直推诿";

let world: MockWorld;
let door: WeChatDoor;
let r: Running;

beforeAll(async () => {
  world = createMockWorld();
  const configDir = configWithOfficer(UNIT, { channel: "wechat", userId: world.officer.id, name: "赵科长" });
  r = await startApp({ ZWB_CONFIG_DIR: configDir }, { cleanup: [configDir] });
  door = await world.start(doorHandle(r.app));
  r.w.pusher.register("wechat", door.pusher);
});
afterAll(async () => {
  await world?.stop();
  await r?.close();
});

describe("WeChat door → real pipeline", () => {
  it("answers an @-question in the room with the cited source", async () => {
    world.mention(world.asker, WATER_QUESTION);
    const said = await world.waitSaid((s) => s.conversationId === world.room.id && s.text.includes("来源"), "cited answer");
    expect(said.text.startsWith("@张三")).toBe(true);
    expect(said.text).toContain("3个工作日");
    expect(said.text).toContain("来源:《关于进一步推进机关作风建设的实施方案》");
  });

  it("a message the puppet delivers twice is answered once", async () => {
    const id = world.mention(world.asker, "企业开办多长时间能办结?");
    await world.waitProcessed(id);
    await door.idle();
    const answers = () => world.said.filter((s) => s.conversationId === world.room.id && s.text.includes("1日办结")).length;
    expect(answers()).toBe(1);
    const second = new Promise((resolve) => door.events.on("processed", (e: { messageId: string }) => e.messageId === id && resolve(e)));
    world.puppet.emit("message", { messageId: id });
    expect(await second).toMatchObject({ outcome: "ignored", reason: "duplicate" });
    await door.idle();
    expect(answers()).toBe(1);
  });

  it("ignores a room message that does not @ the bot", async () => {
    const before = world.said.length;
    const id = world.say(world.enterprise[1], "用水报装要几天?", world.room);
    expect(await world.waitProcessed(id)).toMatchObject({ outcome: "ignored", reason: "not mentioned" });
    await door.idle();
    expect(world.said.length).toBe(before);
  });

  it("tickets a complaint, notifies the officer, and relays the officer's reply to the complainant", async () => {
    const complainant = world.enterprise[2];
    world.mention(complainant, COMPLAINT);
    const ack = await world.waitSaid((s) => s.conversationId === world.room.id && s.text.includes("工单号"), "ticket reply");
    const id = /TS\d{8}-[A-Z]?\d{4,}/.exec(ack.text)?.[0];
    expect(id).toBeTruthy();
    expect(ack.text).toContain(UNIT);
    const ticket = await r.w.deps.tickets.get(id!);
    expect(ticket).toMatchObject({ unit: UNIT, status: "open", complainant: { channel: "wechat", userId: complainant.id, groupId: world.room.id } });

    // The service pushes a new-ticket notice to the unit's officers; ours is the mock contact.
    const notice = await world.waitSaid((s) => s.conversationId === world.officer.id && s.text.includes(id!), "officer notice");
    expect(notice.text).toContain(`受理 ${id}`);

    const cmd = world.say(world.officer, `回复 ${id} 已安排专人处理`, world.botUser);
    const relay = await world.waitSaid(
      (s) => s.text.includes("已安排专人处理") && s.text.includes(id!) && s.conversationId !== world.officer.id,
      "relay to complainant",
    );
    expect([world.room.id, complainant.id]).toContain(relay.conversationId);
    // The officer gets the confirmation in the private chat.
    const confirm = await world.waitSaid((s) => s.conversationId === world.officer.id && s.text.includes("已答复"), "officer confirmation");
    expect(confirm.text).toContain(id!);
    expect(await world.waitProcessed(cmd)).toMatchObject({ outcome: "answered" });
    const after = await r.w.deps.tickets.get(id!);
    expect(after?.status).toBe("replied");
    expect(after?.replies.at(-1)).toMatchObject({ by: `wechat:${world.officer.id}`, text: "已安排专人处理" });
  });
});
