// A mocked WeChat world (wechaty-puppet-mock): the bot account, a "政务帮" room with enterprise
// contacts and an officer, and a room the bot does not serve. Records everything the bot says so
// tests (and the end-to-end suite) can wait for it without sleeping.
import { PuppetMock, mock } from "wechaty-puppet-mock";
import { loadConfig, type Config } from "../../../bot/config.ts";
import { silentLogger } from "../../../core/log.ts";
import type { IncomingMessage, Reply } from "../../../core/message.ts";
import { startWeChat, type ProcessedEvent, type StartWeChatOptions, type WeChatDoor } from "../../../bot/channels/wechat/index.ts";

type ContactMock = mock.ContactMock;
type RoomMock = mock.RoomMock;

export interface Said {
  /** Room id or contact id the bot wrote to. */
  conversationId: string;
  text: string;
  messageId: string;
}

export const BOT_NAME = "政务帮助手";
const WAIT_MS = 5000;

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ ZWB_LOG_LEVEL: "silent", ZWB_WECHAT_SEND_INTERVAL_MS: "0", ZWB_WECHAT_ROOMS: "政务帮", ...env });
}

export function createMockWorld() {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const botUser = mocker.createContact({ name: BOT_NAME });
  const asker = mocker.createContact({ name: "张三" }); // an enterprise contact who asks
  const enterprise = [asker, mocker.createContact({ name: "李四" }), mocker.createContact({ name: "王五" })];
  const officer = mocker.createContact({ name: "赵科长" });
  const room = mocker.createRoom({
    topic: "政务帮",
    memberIdList: [botUser.id, officer.id, ...enterprise.map((c) => c.id)],
  });
  const otherRoom = mocker.createRoom({ topic: "闲聊群", memberIdList: [botUser.id, asker.id] });

  const said: Said[] = [];
  const saidWaiters: { pred: (s: Said) => boolean; resolve: (s: Said) => void }[] = [];
  const processed = new Map<string, ProcessedEvent>();
  const processedWaiters = new Map<string, (e: ProcessedEvent) => void>();
  let door: WeChatDoor | undefined;

  // The mock turns every sent text into a message payload and announces it on the puppet.
  puppet.on("message", ({ messageId }) => {
    const p = mocker.messagePayload(messageId);
    if (p.talkerId !== botUser.id) return;
    const conversationId = ("roomId" in p && p.roomId) || ("listenerId" in p && p.listenerId) || "";
    const s: Said = { conversationId, text: p.text ?? "", messageId };
    said.push(s);
    for (const w of saidWaiters.filter((x) => x.pred(s))) {
      saidWaiters.splice(saidWaiters.indexOf(w), 1);
      w.resolve(s);
    }
  });

  const timeout = <T>(p: Promise<T>, what: string) =>
    Promise.race([
      p,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS).unref()),
    ]);

  /** A contact writes into a room or to another contact; returns the message id. */
  function say(from: ContactMock, text: string, to: ContactMock | RoomMock, mentions: ContactMock[] = []): string {
    const before = new Set(mocker.cacheMessagePayload.keys());
    from.say(text, mentions).to(to);
    const id = [...mocker.cacheMessagePayload.keys()].find((k) => !before.has(k));
    if (!id) throw new Error("mock did not create a message");
    return id;
  }

  const world = {
    mocker,
    puppet,
    botUser,
    asker,
    enterprise,
    officer,
    room,
    otherRoom,
    said,
    say,
    /** `from` @-mentions the bot in `where` the way WeChat does (name + U+2005, with a mention list). */
    mention(from: ContactMock, text: string, where: RoomMock = room): string {
      return say(from, `@${BOT_NAME}\u2005${text}`, where, [botUser]);
    },
    waitSaid(pred: (s: Said) => boolean, what = "a bot message"): Promise<Said> {
      const hit = said.find(pred);
      if (hit) return Promise.resolve(hit);
      return timeout(new Promise<Said>((resolve) => saidWaiters.push({ pred, resolve })), what);
    },
    saidIn(conversationId: string): Promise<Said> {
      return world.waitSaid((s) => s.conversationId === conversationId, `a message in ${conversationId}`);
    },
    waitProcessed(messageId: string): Promise<ProcessedEvent> {
      const hit = processed.get(messageId);
      if (hit) return Promise.resolve(hit);
      return timeout(new Promise<ProcessedEvent>((resolve) => processedWaiters.set(messageId, resolve)), `message ${messageId}`);
    },
    /** Starts the door on the mock puppet and logs the bot in. */
    async start(
      handle: (msg: IncomingMessage) => Promise<Reply>,
      extra: Partial<StartWeChatOptions> = {},
    ): Promise<WeChatDoor> {
      door = await startWeChat({ config: testConfig(), log: silentLogger(), handle, puppet, ...extra });
      door.events.on("processed", (e: ProcessedEvent) => {
        processed.set(e.messageId, e);
        processedWaiters.get(e.messageId)?.(e);
        processedWaiters.delete(e.messageId);
      });
      await world.login();
      return door;
    },
    async login(): Promise<void> {
      const loggedIn = new Promise<void>((resolve) => door!.bot.once("login", () => resolve()));
      mocker.login(botUser);
      await timeout(loggedIn, "login");
    },
    async logout(): Promise<void> {
      const loggedOut = new Promise<void>((resolve) => door!.bot.once("logout", () => resolve()));
      await puppet.logout("test logout");
      await timeout(loggedOut, "logout");
    },
    async stop(): Promise<void> {
      await door?.stop();
    },
  };
  return world;
}

export type MockWorld = ReturnType<typeof createMockWorld>;
