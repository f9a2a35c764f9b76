// A fake WeCom on 127.0.0.1 that encrypts and signs as the platform does, with WeCom's own library
// (@wecom/crypto): it verifies the bot's callback URL (GET with msg_signature/timestamp/nonce/
// echostr), posts encrypted JSON callbacks of a 智能机器人 (receiveid ""), checks the signature of
// every passive reply it gets back, serves pictures and files AES-encrypted with the robot's key,
// takes response_url posts (one use, one hour), and answers the self-built app API (gettoken,
// message/send) with WeCom's errcodes.
import { createServer, type IncomingMessage as HttpReq, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createCipheriv, randomBytes, randomUUID } from "node:crypto";
import { decrypt, encrypt, getSignature } from "@wecom/crypto";
import { readJson, sendJson } from "./http-json.ts";

export interface CallbackResult {
  status: number;
  /** The decrypted passive reply, or null for an empty packet / an error status. */
  reply: Record<string, any> | null;
  raw: string;
  /** True when the reply's msgsignature matched what the platform computes. */
  signed: boolean;
}

export interface ResponsePost {
  code: string;
  body: any;
  at: number;
}

export class FakeWeCom {
  url = "";
  readonly token = "zwbWeComToken2025";
  /** 43 characters, as the admin console generates it. */
  readonly aesKey = Array.from(randomBytes(43), (b) => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[b % 62]).join("");
  readonly corpId = "wwfakecorp0001";
  readonly corpSecret = "fake-corp-secret-0123456789";
  readonly agentId = 1000002;
  readonly responsePosts: ResponsePost[] = [];
  readonly responseRefusals: ResponsePost[] = [];
  readonly sent: { token: string; body: any }[] = [];
  tokenCalls = 0;
  /** Next N message/send calls answer errcode 45009 (API frequency limit). */
  rateLimited = 0;
  /** Members the app can reach; others come back in invaliduser. */
  readonly members = new Set<string>(["officer-wecom-1", "zhangsan", "boss-wecom"]);
  private readonly responseCodes = new Map<string, { used: boolean; expiresAt: number }>();
  private readonly tokens = new Map<string, { expired: boolean }>();
  private readonly media = new Map<string, Buffer>();
  private server!: Server;

  static async start(): Promise<FakeWeCom> {
    const f = new FakeWeCom();
    f.server = createServer((req, res) => {
      f.route(req, res).catch((err) => sendJson(res, 500, { errcode: -1, errmsg: String(err) }));
    });
    await new Promise<void>((r) => f.server.listen(0, "127.0.0.1", r));
    f.url = `http://127.0.0.1:${(f.server.address() as AddressInfo).port}`;
    return f;
  }

  private sign(timestamp: string, nonce: string, enc: string): string {
    return getSignature(this.token, timestamp, nonce, enc);
  }

  /** The URL check WeCom runs when the admin saves the callback settings; returns the bot's answer. */
  async verifyUrl(botUrl: string, o: { badSignature?: boolean; timestamp?: number } = {}): Promise<{ status: number; body: string; expected: string }> {
    const expected = randomUUID().replace(/-/g, "");
    const echostr = encrypt(this.aesKey, expected, "");
    const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = String(Math.floor(Math.random() * 1e9));
    const sig = o.badSignature ? "0".repeat(40) : this.sign(timestamp, nonce, echostr);
    const u = `${botUrl}?msg_signature=${sig}&timestamp=${timestamp}&nonce=${nonce}&echostr=${encodeURIComponent(echostr)}`;
    const res = await fetch(u);
    return { status: res.status, body: await res.text(), expected };
  }

  /** A response_url for a callback: one use, valid an hour. */
  responseUrl(ttlMs = 3600_000): string {
    const code = randomUUID();
    this.responseCodes.set(code, { used: false, expiresAt: Date.now() + ttlMs });
    return `${this.url}/cgi-bin/aibot/response?response_code=${code}`;
  }

  /** Serves a file the way the robot gets it: AES-256-CBC with the robot's key, PKCS#7 to 32 bytes. */
  hostMedia(plain: Buffer): string {
    const key = Buffer.from(`${this.aesKey}=`, "base64");
    const pad = 32 - (plain.length % 32);
    const c = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
    c.setAutoPadding(false);
    const id = randomUUID();
    this.media.set(id, Buffer.concat([c.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), c.final()]));
    return `${this.url}/media/${id}`;
  }

  /** A text callback payload shaped like WeCom's documentation shows it. */
  textMessage(o: { text: string; user?: string; group?: string; msgid?: string; responseUrl?: string | false }): Record<string, unknown> {
    return {
      msgid: o.msgid ?? randomUUID(),
      aibotid: "AIBOTFAKE01",
      ...(o.group ? { chatid: o.group } : {}),
      chattype: o.group ? "group" : "single",
      from: { userid: o.user ?? "zhangsan" },
      ...(o.responseUrl === false ? {} : { response_url: o.responseUrl ?? this.responseUrl() }),
      msgtype: "text",
      text: { content: o.text },
    };
  }

  /** Any callback: encrypted, signed and POSTed to the bot as WeCom does. */
  async post(botUrl: string, payload: unknown, o: { badSignature?: boolean; timestamp?: number; receiveId?: string } = {}): Promise<CallbackResult> {
    const enc = encrypt(this.aesKey, JSON.stringify(payload), o.receiveId ?? "");
    const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = String(Math.floor(Math.random() * 1e9));
    const sig = o.badSignature ? this.sign(timestamp, nonce, enc).replace(/^./, (c) => (c === "a" ? "b" : "a")) : this.sign(timestamp, nonce, enc);
    const res = await fetch(`${botUrl}?msg_signature=${sig}&timestamp=${timestamp}&nonce=${nonce}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ encrypt: enc }),
    });
    const raw = await res.text();
    if (res.status !== 200 || !raw.trim()) return { status: res.status, reply: null, raw, signed: false };
    const wrapped = JSON.parse(raw) as { encrypt: string; msgsignature: string; timestamp: string; nonce: string };
    const signed = wrapped.msgsignature === this.sign(String(wrapped.timestamp), String(wrapped.nonce), wrapped.encrypt);
    const { message, id } = decrypt(this.aesKey, wrapped.encrypt);
    if (id !== "") throw new Error(`reply encrypted for receiveid "${id}"`);
    return { status: res.status, reply: JSON.parse(message), raw, signed };
  }

  /** Expires every app token issued so far (the next message/send answers 42001). */
  expireTokens(): void {
    for (const t of this.tokens.values()) t.expired = true;
  }

  private async route(req: HttpReq, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? "/", this.url);
    if (req.method === "GET" && u.pathname.startsWith("/media/")) {
      const m = this.media.get(u.pathname.slice("/media/".length));
      if (!m) return sendJson(res, 404, { errcode: 404 });
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(m.length) });
      return void res.end(m);
    }
    if (u.pathname === "/cgi-bin/aibot/response") {
      const code = u.searchParams.get("response_code") ?? "";
      const body = await readJson(req);
      const entry = this.responseCodes.get(code);
      const post = { code, body, at: Date.now() };
      if (!entry || entry.used || entry.expiresAt < Date.now()) {
        this.responseRefusals.push(post);
        return sendJson(res, 200, { errcode: 40008, errmsg: "response_code used or expired" });
      }
      entry.used = true;
      this.responsePosts.push(post);
      return sendJson(res, 200, { errcode: 0, errmsg: "ok" });
    }
    if (u.pathname === "/cgi-bin/gettoken") {
      this.tokenCalls++;
      if (u.searchParams.get("corpid") !== this.corpId || u.searchParams.get("corpsecret") !== this.corpSecret)
        return sendJson(res, 200, { errcode: 40001, errmsg: "invalid credential" });
      const t = `wxtok-${randomUUID()}`;
      this.tokens.set(t, { expired: false });
      return sendJson(res, 200, { errcode: 0, errmsg: "ok", access_token: t, expires_in: 7200 });
    }
    if (u.pathname === "/cgi-bin/message/send" && req.method === "POST") {
      const token = u.searchParams.get("access_token") ?? "";
      const body = await readJson(req);
      const t = this.tokens.get(token);
      if (!t) return sendJson(res, 200, { errcode: 40014, errmsg: "invalid access_token" });
      if (t.expired) return sendJson(res, 200, { errcode: 42001, errmsg: "access_token expired" });
      if (this.rateLimited > 0) {
        this.rateLimited--;
        return sendJson(res, 200, { errcode: 45009, errmsg: "api freq out of limit" });
      }
      if (body.agentid !== this.agentId) return sendJson(res, 200, { errcode: 40056, errmsg: "invalid agentid" });
      const users = String(body.touser ?? "").split("|").filter(Boolean);
      const invalid = users.filter((x) => !this.members.has(x));
      if (invalid.length === users.length) return sendJson(res, 200, { errcode: 81013, errmsg: "user & party & tag all invalid", invaliduser: invalid.join("|") });
      this.sent.push({ token, body });
      return sendJson(res, 200, { errcode: 0, errmsg: "ok", invaliduser: invalid.join("|"), msgid: randomUUID() });
    }
    return sendJson(res, 404, { errcode: 404, errmsg: "not found" });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
