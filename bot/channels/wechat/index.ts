// The WeChat door: a wechaty bot whose puppet is chosen by the environment (personal account,
// WeCom through a puppet service, or a mock in tests). Nothing here assumes a personal account:
// only puppet-neutral wechaty calls are used, so WeCom works the same way.
import { EventEmitter } from "node:events";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { WechatyBuilder, ScanStatus, qrcodeValueToImageUrl, type Message, type Wechaty } from "wechaty";
import type { PuppetInterface } from "wechaty-puppet/impls";
import type { Config } from "../../config.ts";
import type { Logger } from "../../../core/log.ts";
import type { Address, IncomingMessage, Reply } from "../../../core/message.ts";
import { PushError, type Pusher } from "../../../core/delivery.ts";
import { parseRoomList, toIncomingMessage, wantsUnsupportedHint, UNSUPPORTED_HINT } from "./parse.ts";
import { renderReply, splitText, SendQueue, type Destination, type Outgoing } from "./send.ts";

export interface StartWeChatOptions {
  config: Config;
  log: Logger;
  handle: (msg: IncomingMessage) => Promise<Reply>;
  /** A ready puppet instance (tests pass a PuppetMock); otherwise config.WECHATY_PUPPET is used. */
  puppet?: PuppetInterface;
  /** Where the login QR code is drawn; stdout belongs to the JSONL interface. */
  qrOut?: NodeJS.WritableStream;
  /** Keep unsent messages in ZWB_DATA_DIR/wechat-outbox.jsonl (default: true unless a puppet is passed). */
  persistOutbox?: boolean;
}

export type Outcome = "answered" | "ignored" | "hinted" | "failed";
export interface ProcessedEvent {
  messageId: string;
  outcome: Outcome;
  reason?: string;
}

export interface WeChatState {
  loggedIn: boolean;
  user: { id: string; name: string } | null;
  queued: number;
  lastMessageAt: string | null;
  lastError: string | null;
  /** Logins after the first one. */
  relogins: number;
}

export interface WeChatDoor {
  pusher: Pusher;
  state(): WeChatState;
  /** Emits "processed" (ProcessedEvent) after each incoming message was answered or ignored. */
  events: EventEmitter;
  /** Resolves when nothing is waiting to be sent (or sending is paused by a logout). */
  idle(): Promise<void>;
  bot: Wechaty;
  stop(): Promise<void>;
}

const FAILURE_TEXT = "抱歉，系统暂时无法处理您的消息，请稍后再试。";
// Puppets replay recent history after a (re)login; answering it again would spam the room.
const STALE_MS = 5 * 60_000;
// A picture cannot @ anyone: in a room it is for the bot when its sender addressed the bot this recently.
const ADDRESSED_MS = 10 * 60_000;

export async function startWeChat(opts: StartWeChatOptions): Promise<WeChatDoor> {
  const { config, handle } = opts;
  const log = opts.log.child({ channel: "wechat" });
  const rooms = parseRoomList(config.ZWB_WECHAT_ROOMS);
  if (!opts.puppet) mkdirSync(config.ZWB_DATA_DIR, { recursive: true }); // the session file lives there
  const bot = opts.puppet
    ? WechatyBuilder.build({ puppet: opts.puppet })
    : WechatyBuilder.build({
        // An absolute name keeps the login session next to the other data, not in the cwd.
        name: resolve(config.ZWB_DATA_DIR, "wechat-session"),
        ...(config.WECHATY_PUPPET ? { puppet: config.WECHATY_PUPPET as never } : {}),
        ...(config.WECHATY_PUPPET_SERVICE_TOKEN ? { puppetOptions: { token: config.WECHATY_PUPPET_SERVICE_TOKEN } } : {}),
      });

  let loggedIn = false;
  let logins = 0;
  let lastMessageAt: Date | null = null;
  let lastError: string | null = null;
  const noteError = (what: string, err: unknown) => {
    lastError = `${new Date().toISOString()} ${what}: ${err instanceof Error ? err.message : String(err)}`;
  };
  const addressed = new Map<string, number>();
  const recentlyAddressed = (roomId: string, talkerId: string) => (addressed.get(`${roomId}|${talkerId}`) ?? 0) > Date.now() - ADDRESSED_MS;
  const events = new EventEmitter();
  const startedAt = Date.now();

  const queue = new SendQueue({
    log,
    intervalMs: config.ZWB_WECHAT_SEND_INTERVAL_MS,
    isReady: () => loggedIn && bot.isLoggedIn,
    deliver: (item) => deliver(bot, item),
    file: (opts.persistOutbox ?? !opts.puppet) ? resolve(config.ZWB_DATA_DIR, "wechat-outbox.jsonl") : undefined,
  });

  bot.on("scan", (qrcode, status) => {
    if (status !== ScanStatus.Waiting && status !== ScanStatus.Timeout) {
      log.info({ status: ScanStatus[status] }, "wechat scan status");
      return;
    }
    void printQr(qrcode, opts.qrOut ?? process.stderr, log);
  });
  bot.on("login", (user) => {
    loggedIn = true;
    logins++;
    log.info({ user: user.id, queued: queue.size }, "wechat logged in");
    queue.resume();
  });
  bot.on("logout", (user, reason) => {
    loggedIn = false;
    log.warn({ user: user.id, reason }, "wechat logged out; sends are queued until the next login");
  });
  bot.on("error", (err) => {
    noteError("wechaty error", err);
    log.warn({ err }, "wechaty error");
  });

  // One chain per conversation keeps replies in a room in question order while rooms run in parallel.
  const chains = new Map<string, Promise<void>>();
  bot.on("message", (message) => {
    let key = "";
    try {
      key = message.room()?.id ?? message.talker().id;
    } catch {
      // system messages may have no talker; they share one chain and get ignored by the parser
    }
    const prev = chains.get(key) ?? Promise.resolve();
    const next = prev.then(() => onMessage(message)).catch((err) => log.error({ err }, "wechat message failed"));
    chains.set(key, next);
    void next.finally(() => chains.get(key) === next && chains.delete(key));
  });

  const done = (e: ProcessedEvent): void => void events.emit("processed", e);

  async function onMessage(message: Message): Promise<void> {
    const botId = bot.isLoggedIn ? bot.currentUser.id : "";
    if (message.self()) return done({ messageId: message.id, outcome: "ignored", reason: "self" });
    if (message.date().getTime() < startedAt - STALE_MS)
      return done({ messageId: message.id, outcome: "ignored", reason: "stale" });
    const msg = await toIncomingMessage(message, botId, rooms, { recentlyAddressed });
    if (!msg) {
      if (wantsUnsupportedHint(message, botId)) {
        queue.enqueue({ contactId: message.talker().id }, [UNSUPPORTED_HINT]);
        return done({ messageId: message.id, outcome: "hinted" });
      }
      return done({ messageId: message.id, outcome: "ignored", reason: "not served" });
    }
    if (!msg.mentioned) return done({ messageId: message.id, outcome: "ignored", reason: "not mentioned" });
    lastMessageAt = new Date();
    if (msg.groupId) {
      addressed.set(`${msg.groupId}|${msg.userId}`, Date.now());
      if (addressed.size > 5_000) addressed.delete(addressed.keys().next().value!);
    }

    const to: Destination = msg.groupId ? { roomId: msg.groupId, mentionId: msg.userId } : { contactId: msg.userId };
    let reply: Reply;
    try {
      reply = await handle(msg);
    } catch (err) {
      noteError("handler failed", err);
      log.error({ err, messageId: msg.messageId }, "wechat handler failed");
      queue.enqueue(to, [FAILURE_TEXT]);
      return done({ messageId: message.id, outcome: "failed" });
    }
    // A puppet can deliver the same message twice; the pipeline answered it the first time.
    if (reply.duplicate) return done({ messageId: message.id, outcome: "ignored", reason: "duplicate" });
    const texts = renderReply(reply);
    if (texts.length) queue.enqueue(to, texts);
    // Reply.pushes are delivered by the pipeline through the Pusher, whatever door the message used.
    done({ messageId: message.id, outcome: "answered" });
  }

  function pushToQueue(to: Address, text: string): void {
    const dest: Destination = to.groupId ? { roomId: to.groupId, mentionId: to.userId || undefined } : { contactId: to.userId };
    queue.enqueue(dest, splitText(text));
  }

  const pusher: Pusher = {
    // Resolves once queued: a logged-out account must not stall the reminder scheduler.
    async push(to, text) {
      if (!to.userId && !to.groupId) throw new PushError("wechat push needs a userId or groupId", false);
      pushToQueue(to, text);
    },
  };

  await bot.start(); // never await bot.ready(): some puppets (the mock) never signal it

  return {
    pusher,
    events,
    bot,
    idle: async () => {
      await Promise.all([...chains.values()]);
      await queue.idle();
    },
    state: () => {
      const user = bot.isLoggedIn ? bot.currentUser : null;
      return {
        loggedIn: loggedIn && bot.isLoggedIn,
        user: user && { id: user.id, name: user.name() },
        queued: queue.size,
        lastMessageAt: lastMessageAt?.toISOString() ?? null,
        lastError,
        relogins: Math.max(0, logins - 1),
      };
    },
    stop: async () => {
      queue.stop();
      await bot.stop();
    },
  };
}

async function deliver(bot: Wechaty, item: Outgoing): Promise<void> {
  const { roomId, contactId, mentionId } = item.to;
  if (roomId) {
    const room = await bot.Room.find({ id: roomId });
    if (!room) throw new PushError(`wechat room not found: ${roomId}`, false);
    const who = mentionId ? await bot.Contact.find({ id: mentionId }) : undefined;
    // room.say(text, contact) writes "@name text" and sets the mention list, so the asker is notified.
    if (who) await room.say(item.text, who);
    else await room.say(item.text);
    return;
  }
  const contact = contactId ? await bot.Contact.find({ id: contactId }) : undefined;
  if (!contact) throw new PushError(`wechat contact not found: ${contactId}`, false);
  await contact.say(item.text);
}

/** Draws the QR code in the terminal when the `qrcode` package (a wechaty dependency) is there. */
export async function printQr(value: string, out: NodeJS.WritableStream, log: Logger): Promise<void> {
  const url = qrcodeValueToImageUrl(value);
  log.info({ url }, "请用微信扫码登录 / scan to log in");
  let art = "";
  try {
    const specifier = "qrcode";
    const mod = await import(specifier);
    const toString = (mod.default ?? mod).toString as (t: string, o: object) => Promise<string>;
    art = await toString(value, { type: "terminal", small: true });
  } catch {
    // no renderer installed: the URL opens the same code in a browser
  }
  out.write(`${art}\n请用微信扫码登录：${url}\n`);
}
