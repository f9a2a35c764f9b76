import { describe, expect, it } from "vitest";
import { parseRobotCallback, parseRobotCallbackDetail, stripMentions } from "../../../bot/channels/dingtalk/parse.ts";

// Shaped like payloads captured from the Stream robot topic (ids shortened, values invented).
const groupAt = {
  conversationId: "cidABCDEF123456789+ghij==",
  atUsers: [{ dingtalkId: "$:LWCP_v1:$ROBOTxyz" }],
  chatbotCorpId: "ding1234567890abcdef",
  chatbotUserId: "$:LWCP_v1:$ROBOTxyz",
  msgId: "msgQWERTY123456==",
  senderNick: "李四",
  isAdmin: false,
  senderStaffId: "0123456789012345",
  sessionWebhookExpiredTime: 1735689600000,
  createAt: 1735684200000,
  senderCorpId: "ding1234567890abcdef",
  conversationType: "2",
  senderId: "$:LWCP_v1:$SENDERabc",
  conversationTitle: "高新区企业服务群",
  isInAtList: true,
  sessionWebhook: "https://oapi.dingtalk.com/robot/sendBySession?session=abcdef0123456789",
  text: { content: " 小微企业房租补贴怎么申请？" },
  robotCode: "dingrobotcode0001",
  msgtype: "text",
};

const oneToOne = {
  conversationId: "cidPRIVATE987654321+kl==",
  chatbotCorpId: "ding1234567890abcdef",
  chatbotUserId: "$:LWCP_v1:$ROBOTxyz",
  msgId: "msgPRIVATE0001==",
  senderNick: "王五",
  isAdmin: true,
  senderStaffId: "manager4321",
  sessionWebhookExpiredTime: 1735689600000,
  createAt: 1735684200000,
  senderCorpId: "ding1234567890abcdef",
  conversationType: "1",
  senderId: "$:LWCP_v1:$SENDERdef",
  sessionWebhook: "https://oapi.dingtalk.com/robot/sendBySession?session=fedcba9876543210",
  text: { content: "我要投诉：园区路灯坏了一个月没人修" },
  robotCode: "dingrobotcode0001",
  msgtype: "text",
};

describe("parseRobotCallback", () => {
  it("turns a group @-message into an IncomingMessage with the group and mention", () => {
    const m = parseRobotCallback(JSON.stringify(groupAt));
    expect(m).toEqual({
      channel: "dingtalk",
      messageId: "msgQWERTY123456==",
      userId: "0123456789012345",
      userName: "李四",
      groupId: "cidABCDEF123456789+ghij==",
      text: "小微企业房租补贴怎么申请？",
      mentioned: true,
      receivedAt: new Date(1735684200000),
    });
  });

  it("treats a one-to-one message as mentioned and without group", () => {
    const m = parseRobotCallback(oneToOne)!;
    expect(m.mentioned).toBe(true);
    expect(m.groupId).toBeUndefined();
    expect(m.userId).toBe("manager4321");
    expect(m.text).toBe("我要投诉：园区路灯坏了一个月没人修");
  });

  it("keeps the reply route beside the message, not inside it", () => {
    const d = parseRobotCallbackDetail(groupAt)!;
    expect(d.session).toEqual({
      webhook: "https://oapi.dingtalk.com/robot/sendBySession?session=abcdef0123456789",
      webhookExpiresAt: 1735689600000,
      conversationType: "2",
      conversationId: "cidABCDEF123456789+ghij==",
      senderStaffId: "0123456789012345",
      robotCode: "dingrobotcode0001",
    });
    expect(JSON.stringify(d.msg)).not.toContain("sendBySession");
  });

  it("counts every group delivery as addressed to the robot, with or without isInAtList", () => {
    // The robot topic only carries group messages that @ the robot; the real payload may omit the flag.
    const { isInAtList: _drop, ...noFlag } = groupAt;
    expect(parseRobotCallback(noFlag)!.mentioned).toBe(true);
    expect(parseRobotCallback({ ...groupAt, isInAtList: false })!.mentioned).toBe(true);
  });

  it("strips the robot's own name even with no space after it, and keeps the question", () => {
    const names = ["政务帮"];
    const glued = parseRobotCallback({ ...groupAt, text: { content: "@政务帮企业开办多长时间能办结？" } }, undefined, names)!;
    expect(glued.text).toBe("企业开办多长时间能办结？");
    const spaced = parseRobotCallback({ ...groupAt, text: { content: "@政务帮 企业开办多长时间能办结？" } }, undefined, names)!;
    expect(spaced.text).toBe("企业开办多长时间能办结？");
    // Without a known name nothing is guessed away: "@ to the next space" would erase Chinese text.
    expect(parseRobotCallback({ ...groupAt, text: { content: "@政务帮企业开办多长时间能办结？" } })!.text).toBe("@政务帮企业开办多长时间能办结？");
  });

  it("strips other people's @names only when atUsers says someone else was @-ed", () => {
    const withOther = { ...groupAt, atUsers: [{ dingtalkId: "$:LWCP_v1:$ROBOTxyz" }, { dingtalkId: "$:LWCP_v1:$ZHANGSAN", staffId: "zs01" }] };
    const m = parseRobotCallback({ ...withOther, text: { content: "@政务帮 @张三  营业执照变更要多久" } }, undefined, ["政务帮"])!;
    expect(m.text).toBe("营业执照变更要多久");
    const onlyBot = parseRobotCallback({ ...groupAt, text: { content: "@政务帮 请@张三 看看营业执照变更要多久" } }, undefined, ["政务帮"])!;
    expect(onlyBot.text).toBe("请@张三 看看营业执照变更要多久");
    expect(stripMentions("联系 a@b.com 或请@张三处理")).toBe("联系 a@b.com 或请@张三处理");
    expect(stripMentions("@政务帮你好", ["政务帮"])).toBe("你好");
    expect(stripMentions("＠政务帮：你好", ["政务帮"])).toBe("你好");
  });

  it("falls back to senderId when there is no staff id", () => {
    const { senderStaffId: _s, ...external } = oneToOne;
    const d = parseRobotCallbackDetail(external)!;
    expect(d.msg.userId).toBe("$:LWCP_v1:$SENDERdef");
    expect(d.session.senderStaffId).toBeUndefined();
  });

  it("ignores the robot's own messages", () => {
    expect(parseRobotCallback({ ...groupAt, senderId: "$:LWCP_v1:$ROBOTxyz" })).toBeNull();
  });

  it("ignores malformed and foreign payloads", () => {
    expect(parseRobotCallback("not json")).toBeNull();
    expect(parseRobotCallback([])).toBeNull();
    expect(parseRobotCallback({ foo: 1 })).toBeNull();
    const { msgId: _m, ...noId } = oneToOne;
    expect(parseRobotCallback(noId)).toBeNull();
  });

  it("reads rich text and voice transcripts, and keeps pictures, files and untranscribed voice as files to download", () => {
    const rich = { ...oneToOne, msgtype: "richText", text: undefined, content: { richText: [{ text: "请看" }, { type: "picture", downloadCode: "x", pictureDownloadCode: "px" }, { text: "这个通知" }] } };
    const r = parseRobotCallbackDetail(rich)!;
    expect(r.msg.text).toBe("请看这个通知");
    expect(r.files).toEqual([{ kind: "image", downloadCode: "x" }]);
    const audio = { ...oneToOne, msgtype: "audio", text: undefined, content: { duration: 4000, downloadCode: "y", recognition: "社保怎么转移" } };
    expect(parseRobotCallback(audio)!.text).toBe("社保怎么转移");
    expect(parseRobotCallbackDetail(audio)!.files).toEqual([]);
    const silent = { ...oneToOne, msgtype: "audio", text: undefined, content: { duration: 4000, downloadCode: "v1" } };
    expect(parseRobotCallbackDetail(silent)!.files).toEqual([{ kind: "voice", downloadCode: "v1" }]);
    const pic = { ...oneToOne, msgtype: "picture", text: undefined, content: { downloadCode: "z", pictureDownloadCode: "pz" } };
    expect(parseRobotCallbackDetail(pic)).toMatchObject({ files: [{ kind: "image", downloadCode: "z" }], msg: { text: "" } });
    expect(parseRobotCallbackDetail(pic)!.unsupported).toBeUndefined();
    const file = { ...oneToOne, msgtype: "file", text: undefined, content: { downloadCode: "f1", fileName: "营业执照.pdf", spaceId: "1", fileId: "2" } };
    expect(parseRobotCallbackDetail(file)!.files).toEqual([{ kind: "file", downloadCode: "f1", name: "营业执照.pdf" }]);
    const card = { ...oneToOne, msgtype: "interactiveCard", text: undefined, content: {} };
    expect(parseRobotCallback(card)).toBeNull();
    expect(parseRobotCallbackDetail(card)!.unsupported).toBe("interactiveCard");
  });

  it("uses the clock when createAt is missing", () => {
    const { createAt: _c, ...noTime } = oneToOne;
    const t = new Date("2025-03-01T08:00:00Z");
    expect(parseRobotCallback(noTime, () => t)!.receivedAt).toEqual(t);
  });
});
