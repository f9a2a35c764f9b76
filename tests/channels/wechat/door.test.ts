import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { textReply, type IncomingMessage } from "../../../core/message.ts";
import type { WeChatDoor } from "../../../bot/channels/wechat/index.ts";
import { FileBox } from "file-box"; // ships with wechaty; used here only to send the mock a picture
import { BOT_NAME, createMockWorld, type MockWorld } from "./harness.ts";

// A handler whose answer is computed from the question, so assertions can tell replies apart.
const echo = () =>
  vi.fn(async (m: IncomingMessage) =>
    textReply("question", `收到：${m.text}`, {
      grounded: true,
      citations: [{ doc: "yingshang", title: "优化营商环境条例", section: "第十条", text: "……" }],
    }),
  );

describe("wechat door on the mock puppet", () => {
  let world: MockWorld;
  let door: WeChatDoor;
  let handle: ReturnType<typeof echo>;

  beforeEach(async () => {
    world = createMockWorld();
    handle = echo();
    door = await world.start(handle);
  });
  afterEach(async () => {
    await world.stop();
  });

  it("answers an @-mention in the served room, @-ing the asker, with the source", async () => {
    const id = world.mention(world.asker, "开办企业要几个工作日？");
    const said = await world.saidIn(world.room.id);

    expect(handle).toHaveBeenCalledTimes(1);
    const msg = handle.mock.calls[0]![0];
    expect(msg).toMatchObject({
      channel: "wechat",
      messageId: id,
      userId: world.asker.id,
      userName: "张三",
      groupId: world.room.id,
      mentioned: true,
      text: "开办企业要几个工作日？",
    });
    expect(said.text.startsWith("@张三 ")).toBe(true);
    expect(said.text).toContain("收到：开办企业要几个工作日？");
    expect(said.text).toContain("来源:《优化营商环境条例》第十条");
    expect(await world.waitProcessed(id)).toMatchObject({ outcome: "answered" });
  });

  it("ignores room messages that do not @ the bot", async () => {
    const id = world.say(world.asker, "大家好，请问今天谁值班？", world.room);
    expect(await world.waitProcessed(id)).toMatchObject({ outcome: "ignored", reason: "not mentioned" });
    await door.idle();
    expect(handle).not.toHaveBeenCalled();
    expect(world.said).toHaveLength(0);
  });

  it("answers a private message without any @", async () => {
    const id = world.say(world.enterprise[1]!, "社保补贴怎么申请？", world.botUser);
    const said = await world.saidIn(world.enterprise[1]!.id);
    expect(handle.mock.calls[0]![0]).toMatchObject({ messageId: id, mentioned: true, text: "社保补贴怎么申请？" });
    expect(handle.mock.calls[0]![0].groupId).toBeUndefined();
    expect(said.text).toContain("收到：社保补贴怎么申请？");
    expect(said.text.startsWith("@")).toBe(false);
  });

  it("ignores the bot's own messages", async () => {
    const id = world.say(world.botUser, `@${world.botUser.payload.name}\u2005自言自语`, world.room, [world.botUser]);
    expect(await world.waitProcessed(id)).toMatchObject({ outcome: "ignored", reason: "self" });
    expect(handle).not.toHaveBeenCalled();
  });

  it("ignores rooms whose topic is not configured", async () => {
    const id = world.mention(world.asker, "这里也能问吗？", world.otherRoom);
    expect(await world.waitProcessed(id)).toMatchObject({ outcome: "ignored", reason: "not served" });
    await door.idle();
    expect(handle).not.toHaveBeenCalled();
    expect(world.said.filter((s) => s.conversationId === world.otherRoom.id)).toHaveLength(0);
  });

  it("pushes to an officer by contact id", async () => {
    await door.pusher.push({ channel: "wechat", userId: world.officer.id }, "工单 T-001 距办结时限还剩 1 个工作日");
    const said = await world.saidIn(world.officer.id);
    expect(said.text).toBe("工单 T-001 距办结时限还剩 1 个工作日");
  });

  it("pushes into a room, @-ing the addressed member", async () => {
    await door.pusher.push({ channel: "wechat", userId: world.officer.id, groupId: world.room.id }, "请及时处理新工单");
    const said = await world.saidIn(world.room.id);
    expect(said.text).toBe("@赵科长 请及时处理新工单");
  });

  it("holds pushes while logged out and delivers them after the next login", async () => {
    await world.logout();
    expect(door.state()).toMatchObject({ loggedIn: false, user: null });

    await door.pusher.push({ channel: "wechat", userId: world.officer.id }, "登出期间的提醒");
    await door.idle();
    expect(door.state().queued).toBe(1);
    expect(world.said).toHaveLength(0);

    await world.login();
    const said = await world.saidIn(world.officer.id);
    expect(said.text).toBe("登出期间的提醒");
    await door.idle();
    expect(door.state()).toMatchObject({ loggedIn: true, queued: 0, user: { id: world.botUser.id } });
  });

  it("tells the asker when the handler fails instead of staying silent", async () => {
    handle.mockRejectedValueOnce(new Error("boom"));
    const id = world.say(world.asker, "在吗", world.botUser);
    const said = await world.saidIn(world.asker.id);
    expect(said.text).toContain("稍后再试");
    expect(await world.waitProcessed(id)).toMatchObject({ outcome: "failed" });
  });

  it("hands a private picture to the pipeline with a download handle (toFileBox)", async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
    world.asker.say(FileBox.fromBase64(png.toString("base64"), "营业执照.png")).to(world.botUser);
    await vi.waitFor(() => expect(handle).toHaveBeenCalledTimes(1), { timeout: 5000 });
    const msg = handle.mock.calls[0]![0];
    expect(msg).toMatchObject({ channel: "wechat", userId: world.asker.id, text: "", mentioned: true });
    expect(msg.attachments).toHaveLength(1);
    expect(msg.attachments![0]!.kind).toBe("image");
    expect(await msg.attachments![0]!.fetch(1_000_000)).toEqual(png);
    await expect(msg.attachments![0]!.fetch(10)).rejects.toThrow(/larger than 10 bytes/);
  });

  it("answers a room question whose mention list is empty but whose text @-s the bot (puppet-service)", async () => {
    // wechaty trusts the puppet's mentionIdList; puppet-service always sends one, often empty.
    const id = world.say(world.asker, `@${BOT_NAME}\u2005企业开办要几个工作日？`, world.room, []);
    const said = await world.saidIn(world.room.id);
    expect(await world.waitProcessed(id)).toMatchObject({ outcome: "answered" });
    expect(handle.mock.calls[0]![0]).toMatchObject({ text: "企业开办要几个工作日？", mentioned: true, groupId: world.room.id });
    expect(said.text).toContain("收到：企业开办要几个工作日？");
  });

  it("keeps the question when the @name is followed by it without any space", async () => {
    world.say(world.asker, `@${BOT_NAME}企业开办多长时间能办结？`, world.room, []);
    await world.saidIn(world.room.id);
    expect(handle.mock.calls[0]![0].text).toBe("企业开办多长时间能办结？");
  });

  it("treats a quoted reply to one of the bot's messages as addressed to it", async () => {
    const quoted = `「${BOT_NAME}：开办企业一般3个工作日办结」\n- - - - - - - - - - - - - - -\n那变更登记呢？`;
    const id = world.say(world.asker, quoted, world.room, []);
    await world.saidIn(world.room.id);
    expect(await world.waitProcessed(id)).toMatchObject({ outcome: "answered" });
    expect(handle.mock.calls[0]![0].text).toBe("那变更登记呢？");
  });

  it("still ignores room chatter that neither @-s nor quotes the bot", async () => {
    const a = world.say(world.asker, "「李四：明天开会」\n- - - - - - - - - - - - - - -\n收到", world.room, []);
    const b = world.say(world.asker, "大家好，请问谁知道营业执照在哪办", world.room, []);
    expect(await world.waitProcessed(a)).toMatchObject({ outcome: "ignored", reason: "not mentioned" });
    expect(await world.waitProcessed(b)).toMatchObject({ outcome: "ignored", reason: "not mentioned" });
    expect(handle).not.toHaveBeenCalled();
  });

  it("takes a room picture from someone who just addressed the bot, and ignores one from anyone else", async () => {
    const jpg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 2)]);
    const other = world.enterprise[1]!;
    world.asker.say(FileBox.fromBase64(jpg.toString("base64"), "现场.jpg")).to(world.room);
    world.mention(world.asker, "我要投诉，窗口推诿");
    await world.saidIn(world.room.id);
    world.asker.say(FileBox.fromBase64(jpg.toString("base64"), "现场2.jpg")).to(world.room);
    other.say(FileBox.fromBase64(jpg.toString("base64"), "别人的.jpg")).to(world.room);
    await vi.waitFor(() => expect(handle).toHaveBeenCalledTimes(2), { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 100));
    expect(handle).toHaveBeenCalledTimes(2);
    expect(handle.mock.calls[1]![0]).toMatchObject({ userId: world.asker.id, groupId: world.room.id, mentioned: true });
    expect(handle.mock.calls[1]![0].attachments![0]!.kind).toBe("image");
  });
});
