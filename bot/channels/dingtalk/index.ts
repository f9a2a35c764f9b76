// The DingTalk door: Stream callbacks in, Markdown replies out, a Pusher for proactive messages.
import type { Config } from "../../config.ts";
import type { Logger } from "../../../core/log.ts";
import type { IncomingMessage, Reply } from "../../../core/message.ts";
import { PushError, type Pusher } from "../../../core/delivery.ts";
import { DingTalkStream, type StreamState, type StreamTuning } from "./client.ts";
import { parseRobotCallbackDetail, type RobotSession } from "./parse.ts";
import { DingTalkSender, type RetryPolicy } from "./send.ts";
import { hardBreaks, renderReply } from "./render.ts";

export { parseRobotCallback } from "./parse.ts";
export { renderReply } from "./render.ts";
export { splitMarkdown } from "./send.ts";

export interface StartDingTalkOptions {
  config: Config;
  log: Logger;
  handle: (msg: IncomingMessage) => Promise<Reply>;
  /** Stream gateway base URL; unset in production. */
  gatewayUrl?: string;
  /** OpenAPI base URL; default https://api.dingtalk.com. */
  apiBaseUrl?: string;
  tuning?: Partial<StreamTuning>;
  retry?: RetryPolicy;
}

export interface DingTalkState extends StreamState {
  /** Messages received whose answer has not been sent yet. */
  inFlight: number;
}

export interface DingTalkChannel {
  pusher: Pusher;
  state(): DingTalkState;
  stop(): Promise<void>;
}

const UNSUPPORTED = "目前只能阅读文字消息，请用文字描述您的问题。";
const FAILED = "抱歉，系统暂时出现问题，请稍后再试。";
/** A webhook this close to its expiry is not trusted with an answer. */
const WEBHOOK_MARGIN_MS = 60_000;

export async function startDingTalk(o: StartDingTalkOptions): Promise<DingTalkChannel> {
  const { config, log } = o;
  const clientId = config.DINGTALK_CLIENT_ID;
  const clientSecret = config.DINGTALK_CLIENT_SECRET;
  if (!clientId || !clientSecret) throw new Error("DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET are required for the DingTalk channel");

  const sender = new DingTalkSender({
    clientId,
    clientSecret,
    // For an enterprise-internal app robot the robotCode is the app's AppKey unless set apart.
    robotCode: config.DINGTALK_ROBOT_CODE ?? clientId,
    apiBaseUrl: o.apiBaseUrl,
    log,
    retry: o.retry,
  });

  // The reply route of each message being answered, keyed by messageId; dropped once answered.
  const sessions = new Map<string, RobotSession>();

  async function deliver(session: RobotSession, markdown: string): Promise<void> {
    const fresh = session.webhook && (session.webhookExpiresAt ?? Infinity) - WEBHOOK_MARGIN_MS > Date.now();
    if (fresh && session.webhook) {
      try {
        return await sender.replyViaWebhook(session.webhook, markdown);
      } catch (err) {
        log.warn({ err }, "dingtalk: session webhook failed, falling back to the robot API");
      }
    }
    if (session.conversationType === "2") return sender.sendToGroup(session.conversationId, markdown);
    if (session.senderStaffId) return sender.sendToUsers([session.senderStaffId], markdown);
    throw new PushError("dingtalk: no way to answer (webhook expired and sender has no staff id)", false);
  }

  async function onRobotCallback(data: unknown): Promise<void> {
    const parsed = parseRobotCallbackDetail(data);
    if (!parsed) return;
    const { msg, session } = parsed;
    sessions.set(msg.messageId, session);
    try {
      let markdown: string;
      if (parsed.unsupported) markdown = UNSUPPORTED;
      else {
        let reply: Reply;
        try {
          reply = await o.handle(msg);
        } catch (err) {
          log.error({ err, messageId: msg.messageId }, "dingtalk: handler failed");
          reply = { intent: "other", text: FAILED, grounded: false, citations: [], ticket: null, pushes: [] };
        }
        if (!reply.text.trim()) return;
        markdown = renderReply(reply);
      }
      await deliver(sessions.get(msg.messageId) ?? session, markdown);
    } finally {
      sessions.delete(msg.messageId);
    }
  }

  const stream = new DingTalkStream({
    clientId,
    clientSecret,
    gatewayUrl: o.gatewayUrl,
    log,
    tuning: o.tuning,
    onRobotCallback,
  });
  await stream.start();

  const pusher: Pusher = {
    async push(to, text) {
      const markdown = hardBreaks(text);
      // Private first: a relay to a complainant who asked in a group should not be shown to the group.
      if (to.userId) return sender.sendToUsers([to.userId], markdown);
      if (to.groupId) return sender.sendToGroup(to.groupId, markdown);
      throw new PushError("dingtalk: push address has neither userId nor groupId", false);
    },
  };

  return {
    pusher,
    state: () => ({ ...stream.state(), inFlight: sessions.size }),
    stop: () => stream.stop(),
  };
}

export { DingTalkStream, DingTalkSender };
