// Outbound DingTalk: answers through the callback's sessionWebhook, proactive messages through
// the robot OpenAPI (batchSend to users, groupMessages/send to groups) with a cached token.
import type { Logger } from "../../../core/log.ts";
import { PushError } from "../../../core/delivery.ts";
import { Pacer } from "../../../core/pace.ts";
import { fetchBounded, AttachmentUnavailableError } from "../../../core/attachment.ts";

/**
 * DingTalk rejects robot message bodies over 20000 bytes (errcode 460101) and clients stop
 * rendering Markdown well past a few thousand characters, so one message carries at most
 * 3500 characters and 15000 UTF-8 bytes (CJK is 3 bytes a character), leaving room for JSON.
 */
export const MAX_CHARS = 3500;
export const MAX_BYTES = 15000;

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  /** Wait before retrying a rate-limited call (DingTalk's QPS window is one second). */
  rateLimitDelayMs?: number;
}

export const defaultRetry: RetryPolicy = { attempts: 5, baseDelayMs: 500, rateLimitDelayMs: 1000 };

/** Standard DingTalk organisations may call each API 20 times a second per app; stay well below. */
export const DEFAULT_QPS = 10;

const bytes = (s: string) => Buffer.byteLength(s, "utf8");
const fits = (s: string, maxChars: number, maxBytes: number) => s.length <= maxChars && bytes(s) <= maxBytes;

/** Cuts a too-long piece at the last sentence end (else any char) that still fits. */
/** A cut index that does not split a surrogate pair (an emoji would turn into two broken halves). */
export function safeCut(s: string, n: number): number {
  const c = s.charCodeAt(n - 1);
  return n > 1 && n < s.length && c >= 0xd800 && c <= 0xdbff ? n - 1 : n;
}

function hardCut(s: string, maxChars: number, maxBytes: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (!fits(rest, maxChars, maxBytes)) {
    let n = Math.min(rest.length, maxChars);
    while (n > 1 && bytes(rest.slice(0, n)) > maxBytes) n = Math.floor(n * 0.9);
    const window = rest.slice(0, n);
    const m = Math.max(...["。", "！", "？", "；", "\n", ". "].map((p) => window.lastIndexOf(p)));
    const cut = safeCut(rest, m > n / 2 ? m + 1 : n);
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}

/**
 * Splits Markdown into messages under the size limit, at paragraph boundaries when possible,
 * each part after the first marked "(续 i/n)" so a reader on a phone knows more follows.
 */
export function splitMarkdown(text: string, maxChars = MAX_CHARS, maxBytes = MAX_BYTES): string[] {
  const whole = text.trim();
  if (fits(whole, maxChars, maxBytes)) return [whole];
  const room = { chars: maxChars - 20, bytes: maxBytes - 40 }; // for the part marker
  const paras = whole.split(/\n{2,}/).flatMap((p) => hardCut(p, room.chars, room.bytes));
  const parts: string[] = [];
  let cur = "";
  for (const p of paras) {
    const next = cur ? `${cur}\n\n${p}` : p;
    if (fits(next, room.chars, room.bytes)) cur = next;
    else {
      if (cur) parts.push(cur);
      cur = p;
    }
  }
  if (cur) parts.push(cur);
  return parts.map((p, i) => (i === 0 ? p : `**（续 ${i + 1}/${parts.length}）**\n\n${p}`));
}

/** The notification/conversation-list preview of a Markdown message: its first words. */
export function titleOf(markdown: string, fallback = "政务帮"): string {
  const line = markdown
    .split("\n")
    .map((l) => l.replace(/[#>*`_[\]]/g, "").trim())
    .find(Boolean);
  if (!line) return fallback;
  return line.length > 24 ? `${line.slice(0, safeCut(line, 24))}…` : line;
}

class HttpError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * DingTalk's rate limits answer HTTP 403 with code Forbidden.AccessDenied.QpsLimitForApi (all apps
 * together) or …QpsLimitForAppkeyAndApi (this app); the window is one second, so a retry after a
 * second succeeds. Other 403s (missing permission) are permanent.
 */
export const isRateLimited = (status: number, code: string) => status === 429 || (status === 403 && /QpsLimit/i.test(code));
/** A revoked or expired token: the new API answers HTTP 400 (sometimes 401) with code InvalidAuthentication. */
export const isBadToken = (err: unknown) =>
  err instanceof PushError && err.cause instanceof HttpError && (err.cause.code === "InvalidAuthentication" || err.cause.status === 401);

/** POSTs JSON; network errors, rate limits and 5xx are retried with exponential back-off. */
async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  retry: RetryPolicy,
  log: Logger,
): Promise<Record<string, unknown>> {
  let last: unknown;
  let wait = 0;
  for (let i = 0; i < retry.attempts; i++) {
    if (i > 0) await sleep(Math.max(wait, retry.baseDelayMs * 2 ** (i - 1)));
    wait = 0;
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      let json: Record<string, unknown> = {};
      try {
        json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        /* DingTalk error pages are not always JSON */
      }
      if (res.ok) return json;
      const code = String(json.code ?? json.errcode ?? "");
      const detail = `HTTP ${res.status} ${code} ${String(json.message ?? json.errmsg ?? "")}`.trim();
      const limited = isRateLimited(res.status, code);
      if (limited) wait = retry.rateLimitDelayMs ?? 1000;
      throw new HttpError(detail, limited || res.status >= 500, res.status, code);
    } catch (err) {
      last = err;
      const retryable = err instanceof HttpError ? err.retryable : true;
      log.warn({ err, attempt: i + 1, url: new URL(url).pathname }, "dingtalk: request failed");
      if (!retryable) break;
    }
  }
  const msg = last instanceof Error ? last.message : String(last);
  const e = new PushError(`dingtalk: ${msg}`, !(last instanceof HttpError) || last.retryable);
  (e as { cause?: unknown }).cause = last;
  throw e;
}

export interface ApiOptions {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  /** https://api.dingtalk.com in production; tests point it at a fake. */
  apiBaseUrl?: string;
  log: Logger;
  retry?: RetryPolicy;
  now?: () => number;
  /** Requests per second to each robot API (pushes, downloads); reminders come in bursts. */
  qps?: number;
}

/** The app access token (valid ~2 h), fetched once and shared until shortly before it expires. */
export class TokenCache {
  private token?: { value: string; refreshAt: number };
  private inflight?: Promise<string>;
  constructor(private readonly o: ApiOptions) {}

  async get(): Promise<string> {
    const now = (this.o.now ?? Date.now)();
    if (this.token && now < this.token.refreshAt) return this.token.value;
    this.inflight ??= this.fetchToken().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  invalidate(): void {
    this.token = undefined;
  }

  private async fetchToken(): Promise<string> {
    const url = new URL("/v1.0/oauth2/accessToken", this.o.apiBaseUrl ?? "https://api.dingtalk.com").toString();
    const body = { appKey: this.o.clientId, appSecret: this.o.clientSecret };
    const json = await postJson(url, body, {}, this.o.retry ?? defaultRetry, this.o.log);
    const value = json.accessToken;
    const expireIn = Number(json.expireIn ?? 7200);
    if (typeof value !== "string" || !value) throw new PushError("dingtalk: token response without accessToken", false);
    const now = (this.o.now ?? Date.now)();
    // Refresh five minutes early (or at 80% for short-lived tokens) so no call races the expiry.
    this.token = { value, refreshAt: now + Math.min(expireIn * 1000 - 300_000, expireIn * 800) };
    return value;
  }
}

export class DingTalkSender {
  readonly tokens: TokenCache;
  private readonly base: string;
  private readonly retry: RetryPolicy;
  private readonly pacer: Pacer;

  constructor(private readonly o: ApiOptions) {
    this.tokens = new TokenCache(o);
    this.base = o.apiBaseUrl ?? "https://api.dingtalk.com";
    this.retry = o.retry ?? defaultRetry;
    this.pacer = new Pacer(o.qps ?? DEFAULT_QPS);
  }

  /**
   * Answers in the conversation a callback came from; the webhook needs no token. In a group the
   * asker is @-mentioned (at.atUserIds, as the official SDK's reply_markdown does, and the @ in the
   * text so DingTalk renders it), so they are notified among everyone else's messages.
   */
  async replyViaWebhook(webhook: string, markdown: string, atUserId?: string): Promise<void> {
    const parts = splitMarkdown(markdown);
    for (const [i, part] of parts.entries()) {
      const text = atUserId && i === 0 ? `@${atUserId} ${part}` : part;
      const body: Record<string, unknown> = { msgtype: "markdown", markdown: { title: titleOf(part), text } };
      if (atUserId) body.at = { atUserIds: [atUserId], isAtAll: false };
      const json = await postJson(webhook, body, {}, this.retry, this.o.log);
      // The webhook answers HTTP 200 with errcode on failure (e.g. expired session, too long).
      if (json.errcode !== undefined && Number(json.errcode) !== 0)
        throw new PushError(`dingtalk webhook: errcode ${String(json.errcode)} ${String(json.errmsg ?? "")}`, false);
    }
  }

  /** One-to-one robot messages to enterprise staff (robot batchSend, at most 20 users a call). */
  async sendToUsers(userIds: string[], markdown: string): Promise<void> {
    for (const part of splitMarkdown(markdown)) {
      for (let i = 0; i < userIds.length; i += 20) {
        const batch = userIds.slice(i, i + 20);
        const json = await this.api("/v1.0/robot/oToMessages/batchSend", { userIds: batch, ...this.msg(part) });
        const invalid = (json.invalidStaffIdList as string[] | undefined) ?? [];
        const limited = (json.flowControlledStaffIdList as string[] | undefined) ?? [];
        if (limited.length) throw new PushError(`dingtalk: flow-controlled for ${limited.join(",")}`, true);
        if (invalid.length) throw new PushError(`dingtalk: unknown staff id ${invalid.join(",")}`, false);
      }
    }
  }

  /** A message into a group the robot is in, when no session webhook is at hand. */
  async sendToGroup(openConversationId: string, markdown: string): Promise<void> {
    for (const part of splitMarkdown(markdown)) {
      await this.api("/v1.0/robot/groupMessages/send", { openConversationId, ...this.msg(part) });
    }
  }

  /**
   * The bytes of a picture, file or voice message a user sent to the robot: the downloadCode of the
   * callback is exchanged for a short-lived URL (robot/messageFiles/download), which is then read.
   */
  async download(downloadCode: string, maxBytes: number): Promise<Buffer> {
    let json: Record<string, unknown>;
    try {
      json = await this.api("/v1.0/robot/messageFiles/download", { downloadCode });
    } catch (err) {
      throw new AttachmentUnavailableError(`dingtalk download: ${err instanceof Error ? err.message : String(err)}`);
    }
    const url = json.downloadUrl;
    if (typeof url !== "string" || !url) throw new AttachmentUnavailableError("dingtalk download: no downloadUrl");
    await this.pacer.slot();
    return fetchBounded(url, { maxBytes });
  }

  private msg(part: string): Record<string, unknown> {
    return { msgKey: "sampleMarkdown", msgParam: JSON.stringify({ title: titleOf(part), text: part }) };
  }

  private async api(path: string, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
    const body = { robotCode: this.o.robotCode, ...fields };
    const url = new URL(path, this.base).toString();
    for (let again = true; ; again = false) {
      const token = await this.tokens.get();
      await this.pacer.slot();
      try {
        return await postJson(url, body, { "x-acs-dingtalk-access-token": token }, this.retry, this.o.log);
      } catch (err) {
        // A token revoked early (secret rotated, app re-authorised) answers HTTP 400
        // InvalidAuthentication: fetch a fresh one once and retry.
        if (again && isBadToken(err)) {
          this.tokens.invalidate();
          continue;
        }
        throw err;
      }
    }
  }
}
