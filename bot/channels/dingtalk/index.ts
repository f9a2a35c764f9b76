// The DingTalk door: Stream callbacks in, Markdown replies out, a Pusher for proactive messages.
import type { Config } from "../../config.ts";
import type { Logger } from "../../../core/log.ts";
import type { Attachment, IncomingMessage, Reply } from "../../../core/message.ts";
import { PushError, type Pusher } from "../../../core/delivery.ts";
import { DingTalkStream, type StreamState, type StreamTuning } from "./client.ts";
import { parseRobotCallbackDetail, type RobotFile, type RobotSession } from "./parse.ts";
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
  /** The last failed answer or push, if any. */
  lastSendError: string | null;
}

export interface DingTalkChannel {
  pusher: Pusher;
  state(): DingTalkState;
  stop(): Promise<void>;
}

const UNSUPPORTED = "抱歉，这类消息我暂时无法识别。我能阅读文字、接收图片和文件，请用文字描述您的问题。";
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
    apiBaseUrl: o.apiBaseUrl ?? config.DINGTALK_API_BASE_URL,
    log,
    retry: o.retry,
  });
  const robotNames = [...config.ZWB_BOT_NAMES];
  let lastSendError: string | null = null;
  const noteFailure = (err: unknown) => {
    lastSendError = `${new Date().toISOString()} ${err instanceof Error ? err.message : String(err)}`;
  };

  /** The kernel's download handle for a file of the callback; the bytes are fetched only if a feature keeps them. */
  const toAttachment = (f: RobotFile): Attachment => ({
    kind: f.kind,
    ...(f.name ? { name: f.name } : {}),
    ...(f.size ? { size: f.size } : {}),
    fetch: (maxBytes) => sender.download(f.downloadCode, maxBytes),
  });

  // The reply route of each message being answered, keyed by messageId; dropped once answered.
  const sessions = new Map<string, RobotSession>();

  async function deliver(session: RobotSession, markdown: string): Promise<void> {
    const fresh = session.webhook && (session.webhookExpiresAt ?? Infinity) - WEBHOOK_MARGIN_MS > Date.now();
    if (fresh && session.webhook) {
      try {
        // In a group the answer @-s the asker, or it drowns among the group's messages.
        const at = session.conversationType === "2" ? session.senderStaffId : undefined;
        return await sender.replyViaWebhook(session.webhook, markdown, at);
      } catch (err) {
        log.warn({ err }, "dingtalk: session webhook failed, falling back to the robot API");
      }
    }
    if (session.conversationType === "2") return sender.sendToGroup(session.conversationId, markdown);
    if (session.senderStaffId) return sender.sendToUsers([session.senderStaffId], markdown);
    throw new PushError("dingtalk: no way to answer (webhook expired and sender has no staff id)", false);
  }

  async function onRobotCallback(data: unknown): Promise<void> {
    const parsed = parseRobotCallbackDetail(data, undefined, robotNames);
    if (!parsed) return;
    const { msg, session } = parsed;
    if (parsed.files.length) msg.attachments = parsed.files.map(toAttachment);
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
      await deliver(sessions.get(msg.messageId) ?? session, markdown).catch((err) => {
        noteFailure(err);
        throw err;
      });
    } finally {
      sessions.delete(msg.messageId);
    }
  }

  const stream = new DingTalkStream({
    clientId,
    clientSecret,
    gatewayUrl: o.gatewayUrl ?? config.DINGTALK_GATEWAY_URL ?? config.DINGTALK_API_BASE_URL,
    log,
    tuning: {
      silentRotateMs: config.DINGTALK_SILENT_MINUTES * 60_000,
      rotateEveryMs: config.DINGTALK_ROTATE_HOURS * 3600_000,
      checkEveryMs: Math.min(30_000, Math.max(1_000, (config.DINGTALK_SILENT_MINUTES * 60_000) / 10)),
      ...o.tuning,
    },
    onRobotCallback,
  });
  await stream.start();

  const pusher: Pusher = {
    async push(to, text) {
      const markdown = hardBreaks(text);
      try {
        // Private first: a relay to a complainant who asked in a group should not be shown to the group.
        if (to.userId) return await sender.sendToUsers([to.userId], markdown);
        if (to.groupId) return await sender.sendToGroup(to.groupId, markdown);
      } catch (err) {
        noteFailure(err);
        throw err;
      }
      throw new PushError("dingtalk: push address has neither userId nor groupId", false);
    },
  };

  return {
    pusher,
    state: () => ({ ...stream.state(), inFlight: sessions.size, lastSendError }),
    stop: () => stream.stop(),
  };
}

export { DingTalkStream, DingTalkSender };
