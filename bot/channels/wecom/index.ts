// The WeCom door, the official way: the 智能机器人 in API mode posts encrypted JSON callbacks to
// GET/POST /wecom/bot on the bot's own HTTP server; answers go back passively in the HTTP response
// (an encrypted `stream` reply with finish=true) or, when the answer takes longer than WeCom waits,
// once through the callback's response_url. Pushes to officers go through a self-built app.
import { randomUUID } from "node:crypto";
import type { Config } from "../../config.ts";
import type { Logger } from "../../../core/log.ts";
import type { Attachment, IncomingMessage, Reply } from "../../../core/message.ts";
import { PushError, type Pusher } from "../../../core/delivery.ts";
import { AttachmentUnavailableError, fetchBounded } from "../../../core/attachment.ts";
import { openEnvelope, sealReply, signatureMatches, decryptMedia, WeComCryptoError } from "./crypto.ts";
import { parseCallback, type WeComMedia } from "./parse.ts";
import { WeComAppSender } from "./app.ts";
import { renderMarkdown } from "./render.ts";

export interface WeComTuning {
  /** How long the HTTP answer waits for the pipeline; WeCom gives up on a callback after 5 s. */
  replyBudgetMs: number;
  /** Callbacks whose timestamp is further than this from our clock are refused (replayed captures). */
  maxSkewSec: number;
  /** How long a msgid is remembered, so a retried callback is answered once. */
  dedupeTtlMs: number;
  appRetry?: { attempts: number; baseDelayMs: number };
}

export const defaultWeComTuning: WeComTuning = { replyBudgetMs: 3_500, maxSkewSec: 300, dedupeTtlMs: 15 * 60_000 };

export interface WeComState {
  state: "open";
  lastMessageAt: string | null;
  lastError: string | null;
  reconnects: 0;
  /** Callbacks refused for a bad signature, a stale timestamp or an undecryptable body. */
  refused: number;
  /** Answers that missed the passive window and went through response_url. */
  lateAnswers: number;
  pushes: "app" | "off";
}

export interface WeComDoor {
  /** Serves GET/POST /wecom/bot: mounted on the bot's HTTP server. */
  handle(req: Request): Promise<Response>;
  pusher: Pusher;
  state(): WeComState;
  /** Resolves when no late answer is still being worked on. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartWeComOptions {
  config: Config;
  log: Logger;
  handle: (msg: IncomingMessage) => Promise<Reply>;
  tuning?: Partial<WeComTuning>;
}

const WELCOME = "您好，我是政务帮。可以问我办事材料、办理时限、责任单位等政策问题；如需投诉，请直接说明情况，我会立即登记工单。";
const UNSUPPORTED = "抱歉，这类消息我暂时无法识别。我能阅读文字、接收图片和文件，请用文字描述您的问题。";
const FAILED = "抱歉，系统暂时出现问题，请稍后再试。";
const MAX_BODY = 1024 * 1024;

const text = (body: string, status = 200) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json; charset=utf-8" } });

/** Query parameters decoded as WeCom encodes them: percent-encoding only ("+" in base64 stays "+"). */
function query(url: string): Map<string, string> {
  const out = new Map<string, string>();
  const q = url.includes("?") ? url.slice(url.indexOf("?") + 1) : "";
  for (const pair of q.split("&")) {
    if (!pair) continue;
    const i = pair.indexOf("=");
    const k = i < 0 ? pair : pair.slice(0, i);
    try {
      out.set(decodeURIComponent(k), decodeURIComponent(i < 0 ? "" : pair.slice(i + 1)));
    } catch {
      /* a malformed escape: the parameter is ignored and the signature check fails */
    }
  }
  return out;
}

export function startWeCom(o: StartWeComOptions): WeComDoor {
  const { config } = o;
  const log = o.log;
  const token = config.WECOM_BOT_TOKEN;
  const aesKey = config.WECOM_BOT_AES_KEY;
  if (!token || !aesKey) throw new Error("WECOM_BOT_TOKEN and WECOM_BOT_AES_KEY are required for the WeCom door");
  const t = { ...defaultWeComTuning, ...o.tuning };
  const names = [...config.ZWB_BOT_NAMES];
  const app =
    config.WECOM_CORP_ID && config.WECOM_CORP_SECRET && config.WECOM_AGENT_ID
      ? new WeComAppSender({ corpId: config.WECOM_CORP_ID, corpSecret: config.WECOM_CORP_SECRET, agentId: config.WECOM_AGENT_ID, apiBaseUrl: config.WECOM_API_BASE_URL, log, ...t.appRetry })
      : null;

  const seen = new Map<string, number>();
  const late = new Set<Promise<void>>();
  let lastMessageAt: Date | null = null;
  let lastError: string | null = null;
  let refused = 0;
  let lateAnswers = 0;
  let stopped = false;
  const fail = (why: string) => {
    lastError = `${new Date().toISOString()} ${why}`;
  };

  /** True the first time a msgid is seen (within the TTL). */
  function firstTime(msgid: string): boolean {
    const now = Date.now();
    for (const [k, exp] of seen) {
      if (exp > now) break;
      seen.delete(k);
    }
    if ((seen.get(msgid) ?? 0) > now) return false;
    seen.set(msgid, now + t.dedupeTtlMs);
    return true;
  }

  const toAttachment = (m: WeComMedia): Attachment => ({
    kind: m.kind,
    ...(m.name ? { name: m.name } : {}),
    // The URL is valid a few minutes and serves the file AES-encrypted with the robot's key.
    async fetch(maxBytes) {
      const enc = await fetchBounded(m.url, { maxBytes: maxBytes + 32 });
      try {
        return decryptMedia(m.aeskey ?? aesKey, enc);
      } catch (err) {
        throw new AttachmentUnavailableError(`wecom media: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  });
  const noVoiceFile: Attachment = {
    kind: "voice",
    fetch: async () => {
      throw new AttachmentUnavailableError("wecom gives the robot no voice file, only a transcript");
    },
  };

  // Sealed with the callback's own timestamp and nonce, as WeCom's sample code does.
  const passive = (plain: unknown, q: Map<string, string>) => json(sealReply(token, aesKey, JSON.stringify(plain), q.get("timestamp"), q.get("nonce")));
  const stream = (content: string, q: Map<string, string>) => passive({ msgtype: "stream", stream: { id: randomUUID(), finish: true, content } }, q);

  async function postResponseUrl(url: string, content: string): Promise<void> {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ msgtype: "markdown", markdown: { content } }),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await res.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
    if (!res.ok || Number(body.errcode ?? 0) !== 0) throw new Error(`response_url: HTTP ${res.status} errcode ${String(body.errcode)} ${String(body.errmsg ?? "")}`);
  }

  async function answer(msg: IncomingMessage): Promise<string> {
    let reply: Reply;
    try {
      reply = await o.handle(msg);
    } catch (err) {
      log.error({ err, messageId: msg.messageId }, "wecom: handler failed");
      return FAILED;
    }
    if (reply.duplicate) return "";
    return reply.text.trim() ? renderMarkdown(reply) : "";
  }

  async function onPost(req: Request, q: Map<string, string>): Promise<Response> {
    const raw = await req.text();
    if (raw.length > MAX_BODY) return text("body too large", 413);
    let encrypted: string | undefined;
    try {
      const v = (JSON.parse(raw) as { encrypt?: unknown }).encrypt;
      encrypted = typeof v === "string" ? v : undefined;
    } catch {
      /* not JSON */
    }
    if (!encrypted) return text("expected JSON {\"encrypt\": …}", 400);
    if (!signatureMatches(token!, q.get("msg_signature") ?? "", q.get("timestamp") ?? "", q.get("nonce") ?? "", encrypted)) {
      refused++;
      fail("refused a callback with a wrong signature");
      log.warn("wecom: callback with a wrong signature refused");
      return text("signature mismatch", 403);
    }
    let plain: string;
    try {
      plain = openEnvelope(aesKey!, encrypted);
    } catch (err) {
      refused++;
      fail((err as Error).message);
      log.warn({ err }, "wecom: callback refused");
      return text("undecryptable", 403);
    }
    const cb = parseCallback(plain, names);
    if (!cb) {
      log.warn("wecom: callback without msgid/msgtype ignored");
      return text("");
    }
    if (!firstTime(cb.msgid)) {
      log.debug({ msgid: cb.msgid }, "wecom: retried callback answered once");
      return text("");
    }
    switch (cb.kind) {
      case "stream":
        return text(""); // every stream this door starts is finished in its first reply
      case "event":
        return cb.event === "enter_chat" ? passive({ msgtype: "text", text: { content: WELCOME } }, q) : text("");
      case "unsupported":
        return stream(UNSUPPORTED, q);
    }
    lastMessageAt = new Date();
    const msg = cb.msg;
    const atts = cb.media.map(toAttachment);
    if (cb.voiceWithoutText) atts.push(noVoiceFile);
    if (atts.length) msg.attachments = atts;
    const work = answer(msg);
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([work.then((s) => ({ s })), new Promise<null>((r) => (timer = setTimeout(() => r(null), t.replyBudgetMs)))]);
    clearTimeout(timer);
    if (inTime) return inTime.s ? stream(inTime.s, q) : text("");
    // Too slow for the passive reply: answer with an empty packet now and once more through
    // response_url (one use, valid an hour) when the pipeline is done.
    const url = cb.responseUrl;
    const p = work
      .then(async (s) => {
        if (!s || stopped) return;
        if (!url) throw new Error("late answer and no response_url in the callback");
        await postResponseUrl(url, s);
        lateAnswers++;
      })
      .catch((err) => {
        fail(`late answer not delivered: ${(err as Error).message}`);
        log.error({ err, messageId: msg.messageId }, "wecom: late answer not delivered");
      })
      .finally(() => late.delete(p));
    late.add(p);
    return text("");
  }

  async function handle(req: Request): Promise<Response> {
    const q = query(req.url);
    const ts = q.get("timestamp") ?? "";
    const tsNum = Number(ts);
    if (!q.get("msg_signature") || !ts || !q.get("nonce")) return text("missing msg_signature/timestamp/nonce", 400);
    // A callback is signed with its timestamp; an old one replayed by someone who captured it is refused.
    if (!Number.isFinite(tsNum) || Math.abs(Date.now() / 1000 - tsNum) > t.maxSkewSec) {
      refused++;
      fail("refused a callback with a stale timestamp");
      return text("stale timestamp", 403);
    }
    if (req.method === "GET") {
      const echostr = q.get("echostr") ?? "";
      if (!signatureMatches(token!, q.get("msg_signature")!, ts, q.get("nonce")!, echostr)) {
        refused++;
        fail("refused a URL verification with a wrong signature");
        return text("signature mismatch", 403);
      }
      try {
        // The plaintext, without quotes, BOM or newline, within a second.
        return text(openEnvelope(aesKey!, echostr));
      } catch (err) {
        refused++;
        fail((err as Error).message);
        return text("undecryptable", 403);
      }
    }
    if (req.method === "POST") return onPost(req, q);
    return text("method not allowed", 405);
  }

  const pusher: Pusher = {
    async push(to, body) {
      if (!app) throw new PushError("wecom: pushes need a self-built app (WECOM_CORP_ID, WECOM_CORP_SECRET, WECOM_AGENT_ID)", false);
      if (!to.userId) throw new PushError("wecom: a push needs the member's userid", false);
      try {
        await app.sendText(to.userId, body);
      } catch (err) {
        fail(`push failed: ${(err as Error).message}`);
        throw err;
      }
    },
  };

  log.info({ pushes: app ? "app" : "off" }, "wecom: 智能机器人 callbacks served at /wecom/bot");
  return {
    handle: (req) =>
      handle(req).catch((err) => {
        fail(err instanceof WeComCryptoError ? err.message : String(err));
        log.error({ err }, "wecom: callback failed");
        return text("internal error", 500);
      }),
    pusher,
    state: () => ({ state: "open", lastMessageAt: lastMessageAt?.toISOString() ?? null, lastError, reconnects: 0, refused, lateAnswers, pushes: app ? "app" : "off" }),
    idle: async () => {
      while (late.size) await Promise.all([...late]);
    },
    async stop() {
      stopped = true;
      await Promise.all([...late]);
    },
  };
}
