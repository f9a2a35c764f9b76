// Pushes to officers through a WeCom self-built app (自建应用): cgi-bin/gettoken (corp id + the app's
// secret, token cached ~2 h and refreshed on errcode 40014/42001), cgi-bin/message/send (text to a
// member's userid), paced below the API's frequency limits and retried on the transient errors.
import type { Logger } from "../../../core/log.ts";
import { PushError } from "../../../core/delivery.ts";
import { Pacer, backoffMs } from "../../../core/pace.ts";

export interface WeComAppOptions {
  corpId: string;
  corpSecret: string;
  agentId: number;
  /** https://qyapi.weixin.qq.com in production; tests point it at a fake. */
  apiBaseUrl: string;
  log: Logger;
  attempts?: number;
  baseDelayMs?: number;
  qps?: number;
}

/** Token errors: invalid (40014, 40001 for a bad secret after rotation) or expired (42001). */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** Worth another try: system busy (-1), API frequency limits (45009, 45011, 45033). */
const TRANSIENT = new Set([-1, 45009, 45011, 45033]);
/** message/send refuses texts over 2048 bytes. */
export const MAX_TEXT_BYTES = 2000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Splits at line ends into parts of at most maxBytes UTF-8 bytes (WeCom counts bytes, CJK is 3). */
export function splitBytes(text: string, maxBytes = MAX_TEXT_BYTES): string[] {
  const parts: string[] = [];
  let cur = "";
  const push = () => {
    if (cur) parts.push(cur);
    cur = "";
  };
  for (const ch of text) {
    const next = cur + ch;
    if (Buffer.byteLength(next) > maxBytes) {
      const cut = cur.lastIndexOf("\n");
      if (cut > cur.length / 2) {
        parts.push(cur.slice(0, cut));
        cur = cur.slice(cut + 1) + ch;
      } else {
        push();
        cur = ch;
      }
    } else cur = next;
  }
  push();
  return parts.length ? parts : [""];
}

export class WeComAppSender {
  private token?: { value: string; refreshAt: number };
  private inflight?: Promise<string>;
  private readonly pacer: Pacer;

  constructor(private readonly o: WeComAppOptions) {
    this.pacer = new Pacer(o.qps ?? 10);
  }

  /** Text to one member (userid); each part is a separate message. */
  async sendText(userId: string, text: string): Promise<void> {
    for (const part of splitBytes(text)) {
      const json = await this.call("/cgi-bin/message/send", { touser: userId, msgtype: "text", agentid: this.o.agentId, text: { content: part }, safe: 0 });
      const invalid = String(json.invaliduser ?? "");
      if (invalid) throw new PushError(`wecom: not a member the app can reach: ${invalid}`, false);
    }
  }

  private async accessToken(): Promise<string> {
    if (this.token && Date.now() < this.token.refreshAt) return this.token.value;
    this.inflight ??= this.fetchToken().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async fetchToken(): Promise<string> {
    const u = new URL("/cgi-bin/gettoken", this.o.apiBaseUrl);
    u.searchParams.set("corpid", this.o.corpId);
    u.searchParams.set("corpsecret", this.o.corpSecret);
    const json = await this.request(u, undefined);
    const value = json.access_token;
    if (typeof value !== "string" || !value) throw new PushError(`wecom gettoken: errcode ${String(json.errcode)} ${String(json.errmsg ?? "")}`, false);
    const ttl = Number(json.expires_in ?? 7200);
    this.token = { value, refreshAt: Date.now() + Math.min(ttl * 1000 - 300_000, ttl * 800) };
    return value;
  }

  private async call(path: string, body: unknown): Promise<Record<string, unknown>> {
    for (let fresh = false; ; fresh = true) {
      const u = new URL(path, this.o.apiBaseUrl);
      u.searchParams.set("access_token", await this.accessToken());
      try {
        return await this.request(u, body);
      } catch (err) {
        // A token revoked before its time: fetch a new one once.
        if (!fresh && err instanceof WeComApiError && TOKEN_ERRORS.has(err.errcode)) {
          this.token = undefined;
          continue;
        }
        throw err instanceof WeComApiError ? new PushError(err.message, TRANSIENT.has(err.errcode)) : err;
      }
    }
  }

  /** One API request with retries for network errors, 5xx and the transient errcodes. */
  private async request(u: URL, body: unknown): Promise<Record<string, unknown>> {
    const attempts = this.o.attempts ?? 4;
    let last: unknown;
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await sleep(backoffMs(i - 1, this.o.baseDelayMs ?? 500, 10_000, (this.o.baseDelayMs ?? 500) / 2));
      await this.pacer.slot();
      try {
        const res = await fetch(u, {
          method: body === undefined ? "GET" : "POST",
          headers: body === undefined ? {} : { "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        if (res.status >= 500) throw new PushError(`wecom: HTTP ${res.status}`, true);
        const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
        const code = Number(json.errcode ?? 0);
        if (code === 0) return json;
        const err = new WeComApiError(code, String(json.errmsg ?? ""), u.pathname);
        if (!TRANSIENT.has(code)) throw err;
        last = err;
      } catch (err) {
        if (err instanceof WeComApiError && !TRANSIENT.has(err.errcode)) throw err;
        last = err;
      }
      this.o.log.warn({ err: last, attempt: i + 1, path: u.pathname }, "wecom: request failed");
    }
    if (last instanceof WeComApiError) throw last;
    throw new PushError(`wecom: ${last instanceof Error ? last.message : String(last)}`, true);
  }
}

export class WeComApiError extends Error {
  constructor(
    readonly errcode: number,
    errmsg: string,
    path: string,
  ) {
    super(`wecom ${path}: errcode ${errcode} ${errmsg}`);
    this.name = "WeComApiError";
  }
}
