// Outbound DingTalk: answers through the callback's sessionWebhook, proactive messages through
// the robot OpenAPI (batchSend to users, groupMessages/send to groups) with a cached token.
import type { Logger } from "../../../core/log.ts";
import { PushError } from "../../../core/delivery.ts";

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
}

export const defaultRetry: RetryPolicy = { attempts: 4, baseDelayMs: 500 };

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
  ) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** POSTs JSON; network errors, 429 and 5xx are retried with exponential backoff. */
async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  retry: RetryPolicy,
  log: Logger,
): Promise<Record<string, unknown>> {
  let last: unknown;
  for (let i = 0; i < retry.attempts; i++) {
    if (i > 0) await sleep(retry.baseDelayMs * 2 ** (i - 1));
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
      const detail = `HTTP ${res.status} ${String(json.code ?? json.errcode ?? "")} ${String(json.message ?? json.errmsg ?? "")}`.trim();
      throw new HttpError(detail, res.status === 429 || res.status >= 500);
    } catch (err) {
      last = err;
      const retryable = err instanceof HttpError ? err.retryable : true;
      log.warn({ err, attempt: i + 1, url: new URL(url).pathname }, "dingtalk: request failed");
      if (!retryable) break;
    }
  }
  const msg = last instanceof Error ? last.message : String(last);
  throw new PushError(`dingtalk: ${msg}`, !(last instanceof HttpError) || last.retryable);
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

  constructor(private readonly o: ApiOptions) {
    this.tokens = new TokenCache(o);
    this.base = o.apiBaseUrl ?? "https://api.dingtalk.com";
    this.retry = o.retry ?? defaultRetry;
  }

  /** Answers in the conversation a callback came from; the webhook needs no token. */
  async replyViaWebhook(webhook: string, markdown: string): Promise<void> {
    for (const part of splitMarkdown(markdown)) {
      const body = { msgtype: "markdown", markdown: { title: titleOf(part), text: part } };
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
        const json = await this.api("/v1.0/robot/oToMessages/batchSend", { userIds: batch }, part);
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
      await this.api("/v1.0/robot/groupMessages/send", { openConversationId }, part);
    }
  }

  private async api(path: string, target: Record<string, unknown>, part: string): Promise<Record<string, unknown>> {
    const body = {
      robotCode: this.o.robotCode,
      ...target,
      msgKey: "sampleMarkdown",
      msgParam: JSON.stringify({ title: titleOf(part), text: part }),
    };
    const url = new URL(path, this.base).toString();
    for (let again = true; ; again = false) {
      const token = await this.tokens.get();
      try {
        return await postJson(url, body, { "x-acs-dingtalk-access-token": token }, this.retry, this.o.log);
      } catch (err) {
        // A token revoked early (secret rotated) answers 401 once; fetch a fresh one and retry.
        if (again && err instanceof PushError && /HTTP 401/.test(err.message)) {
          this.tokens.invalidate();
          continue;
        }
        throw err;
      }
    }
  }
}
