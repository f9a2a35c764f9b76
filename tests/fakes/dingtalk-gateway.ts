// A fake DingTalk on 127.0.0.1: the Stream gateway (HTTP open + WebSocket), the OAuth token
// endpoint, session webhooks and the robot send APIs, recording what the bot sends.
// Frames follow the real wire format (dingtalk-stream DWClientDownStream).
import { createServer, type IncomingMessage as HttpReq, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { WebSocketServer, WebSocket } from "ws";
import { readJson, sendJson } from "./http-json.ts";

export const TOPIC_ROBOT = "/v1.0/im/bot/messages/get";

export interface Ack {
  messageId: string;
  code: number;
  data: unknown;
}

interface Conn {
  id: string;
  ws: WebSocket;
  /** A stalled connection stays open but answers nothing and delivers nothing. */
  stalled: boolean;
  /** A zombie still answers WebSocket pings but the gateway routes nothing to it and sends no SYSTEM frame. */
  zombie: boolean;
  /** Told to go (SYSTEM disconnect): nothing more is routed to it, and it is closed after a grace period. */
  leaving: boolean;
  pingTimer?: NodeJS.Timeout;
}

interface Frame {
  specVersion: string;
  type: string;
  headers: Record<string, string>;
  data: string;
}

export interface FakeOptions {
  clientId?: string;
  clientSecret?: string;
  tokenTtlSec?: number;
  /** The gateway's application-level SYSTEM ping, every this many ms (0: only one, on connect). */
  systemPingEveryMs?: number;
}


export class FakeDingTalk {
  readonly clientId: string;
  readonly clientSecret: string;
  url = "";
  /** Bodies of POST /v1.0/gateway/connections/open. */
  readonly opens: { clientId: string; subscriptions: { type: string; topic: string }[] }[] = [];
  readonly acks: Ack[] = [];
  readonly pingEchoes: unknown[] = [];
  readonly webhookPosts: { session: string; body: any }[] = [];
  readonly pushes: { token: string; body: any }[] = [];
  readonly groupSends: { token: string; body: any }[] = [];
  tokenCalls = 0;
  connectionsOpened = 0;
  /** WebSocket pings received on live (non-stalled) connections. */
  pingsReceived = 0;
  /** While set, connection-open requests hang; releaseOpens() answers them. */
  holdOpens = false;
  private readonly heldOpens: (() => void)[] = [];
  /** Next N calls to batchSend answer this HTTP status. */
  batchSendFailures: number[] = [];
  /** Next N robot API calls (batchSend, groupMessages/send) answer 403 Forbidden.AccessDenied.QpsLimitForApi, as DingTalk does past its QPS. */
  qpsLimited = 0;
  /** Next N robot API calls answer 403 for a permission the app was not granted (not a rate limit). */
  permissionDenied = 0;
  /** Robot API calls answered with the QPS error. */
  qpsRejections = 0;
  /** Allowed robot API calls per rolling second before the fake answers 403 QpsLimitForAppkeyAndApi (0: no limit). */
  qpsLimit = 0;
  private readonly apiCallTimes: number[] = [];
  /** Deliveries that found no connection to take them: robot messages are fire-and-forget, so these are lost. */
  readonly lost: string[] = [];
  /** Files users sent to the robot, by downloadCode. */
  readonly files = new Map<string, Buffer>();
  downloadCalls = 0;
  /** For each accepted connection, how many of the client's other sockets were still open then (make-before-break > 0). */
  readonly openAtAccept: number[] = [];
  private readonly tickets = new Set<string>();
  private readonly tokens = new Set<string>();
  private readonly conns: Conn[] = [];
  private readonly sent = new Map<string, Frame>();
  private server!: Server;
  private wss!: WebSocketServer;
  private readonly tokenTtlSec: number;

  private constructor(o: FakeOptions) {
    this.clientId = o.clientId ?? "dingfakeappkey";
    this.clientSecret = o.clientSecret ?? "fake-secret-0123456789";
    this.tokenTtlSec = o.tokenTtlSec ?? 7200;
    this.systemPingEveryMs = o.systemPingEveryMs ?? 0;
  }

  systemPingEveryMs: number;

  static async start(o: FakeOptions = {}): Promise<FakeDingTalk> {
    const f = new FakeDingTalk(o);
    // autoPong off: the fake answers pings itself so a stalled connection can stay silent.
    f.wss = new WebSocketServer({ noServer: true, autoPong: false });
    f.server = createServer((req, res) => {
      f.route(req, res).catch((err) => sendJson(res, 500, { code: "fake.error", message: String(err) }));
    });
    f.server.on("upgrade", (req, socket, head) => {
      const u = new URL(req.url ?? "/", "http://x");
      const ticket = u.searchParams.get("ticket") ?? "";
      if (u.pathname !== "/connect" || !f.tickets.delete(ticket)) {
        socket.end("HTTP/1.1 401 Unauthorized\r\n\r\n");
        return;
      }
      f.wss.handleUpgrade(req, socket, head, (ws) => f.accept(ws));
    });
    await new Promise<void>((r) => f.server.listen(0, "127.0.0.1", r));
    f.url = `http://127.0.0.1:${(f.server.address() as AddressInfo).port}`;
    return f;
  }

  private accept(ws: WebSocket): void {
    const conn: Conn = { id: randomUUID(), ws, stalled: false, zombie: false, leaving: false };
    this.openAtAccept.push(this.conns.filter((c) => c.ws.readyState === WebSocket.OPEN).length);
    this.conns.push(conn);
    this.connectionsOpened++;
    ws.on("ping", (data) => {
      if (conn.stalled) return;
      this.pingsReceived++;
      ws.pong(data);
    });
    ws.on("message", (raw) => {
      if (conn.stalled) return;
      const m = JSON.parse(raw.toString()) as { code: number; headers: { messageId: string }; data: string };
      if (m.headers?.messageId?.startsWith("ping-")) this.pingEchoes.push(m);
      else this.acks.push({ messageId: m.headers.messageId, code: m.code, data: JSON.parse(m.data) });
    });
    ws.on("close", () => {
      clearInterval(conn.pingTimer);
      const i = this.conns.indexOf(conn);
      if (i >= 0) this.conns.splice(i, 1);
    });
    // The real gateway's application-level ping; the SDK must echo it.
    this.systemPing(conn);
    if (this.systemPingEveryMs > 0) conn.pingTimer = setInterval(() => this.systemPing(conn), this.systemPingEveryMs);
  }

  private systemPing(conn: Conn): void {
    if (conn.stalled || conn.zombie || conn.ws.readyState !== WebSocket.OPEN) return;
    this.write(conn, { specVersion: "1.0", type: "SYSTEM", headers: { topic: "ping", messageId: `ping-${randomUUID()}`, contentType: "application/json", time: String(Date.now()) }, data: JSON.stringify({ opaque: randomUUID() }) });
  }

  /** Answers 403 QpsLimit… when the call is over the configured limits, as the real API does. */
  private overQps(): boolean {
    if (this.qpsLimited > 0) {
      this.qpsLimited--;
      return true;
    }
    if (!this.qpsLimit) return false;
    const now = Date.now();
    while (this.apiCallTimes.length && now - this.apiCallTimes[0]! >= 1000) this.apiCallTimes.shift();
    if (this.apiCallTimes.length >= this.qpsLimit) return true;
    this.apiCallTimes.push(now);
    return false;
  }

  private write(conn: Conn, frame: Frame): void {
    conn.ws.send(JSON.stringify(frame));
  }

  private async route(req: HttpReq, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? "/", this.url);
    if (req.method === "GET" && u.pathname.startsWith("/files/")) {
      const f = this.files.get(decodeURIComponent(u.pathname.slice("/files/".length)));
      if (!f) return sendJson(res, 404, { code: "notFound" });
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(f.length) });
      return void res.end(f);
    }
    if (req.method !== "POST") return sendJson(res, 404, { code: "notFound" });
    const body = await readJson(req);
    const token = String(req.headers["x-acs-dingtalk-access-token"] ?? "");
    switch (u.pathname) {
      case "/v1.0/gateway/connections/open": {
        if (body.clientId !== this.clientId || body.clientSecret !== this.clientSecret)
          return sendJson(res, 401, { code: "InvalidAuthentication", message: "bad client" });
        if (this.holdOpens) await new Promise<void>((r) => this.heldOpens.push(r));
        this.opens.push({ clientId: body.clientId, subscriptions: body.subscriptions });
        const ticket = randomUUID();
        this.tickets.add(ticket);
        return sendJson(res, 200, { endpoint: `${this.url.replace("http", "ws")}/connect`, ticket });
      }
      case "/v1.0/oauth2/accessToken": {
        this.tokenCalls++;
        if (body.appKey !== this.clientId || body.appSecret !== this.clientSecret)
          return sendJson(res, 400, { code: "invalidClientIdOrSecret", message: "bad app" });
        const t = `tok-${randomUUID()}`;
        this.tokens.add(t);
        return sendJson(res, 200, { accessToken: t, expireIn: this.tokenTtlSec });
      }
      case "/robot/sendBySession": {
        this.webhookPosts.push({ session: u.searchParams.get("session") ?? "", body });
        return sendJson(res, 200, { errcode: 0, errmsg: "ok" });
      }
      case "/v1.0/robot/oToMessages/batchSend": {
        // The real API answers a revoked or unknown token with HTTP 400, not 401.
        if (!this.tokens.has(token)) return sendJson(res, 400, { code: "InvalidAuthentication", requestid: randomUUID(), message: "不合法的access_token" });
        if (this.overQps()) return this.qpsError(res);
        if (this.deniedError(res)) return;
        const fail = this.batchSendFailures.shift();
        if (fail) return sendJson(res, fail, { code: "ServiceUnavailable", message: "try later" });
        this.pushes.push({ token, body });
        const invalid = (body.userIds as string[]).filter((id) => id.startsWith("nobody"));
        return sendJson(res, 200, { processQueryKey: randomUUID(), invalidStaffIdList: invalid, flowControlledStaffIdList: [] });
      }
      case "/v1.0/robot/messageFiles/download": {
        if (!this.tokens.has(token)) return sendJson(res, 400, { code: "InvalidAuthentication", requestid: randomUUID(), message: "不合法的access_token" });
        this.downloadCalls++;
        if (body.robotCode !== this.clientId || !this.files.has(body.downloadCode))
          return sendJson(res, 400, { code: "invalidParameter", requestid: randomUUID(), message: "downloadCode 无效" });
        return sendJson(res, 200, { downloadUrl: `${this.url}/files/${encodeURIComponent(body.downloadCode)}` });
      }
      case "/v1.0/robot/groupMessages/send": {
        if (!this.tokens.has(token)) return sendJson(res, 400, { code: "InvalidAuthentication", requestid: randomUUID(), message: "不合法的access_token" });
        if (this.overQps()) return this.qpsError(res);
        this.groupSends.push({ token, body });
        return sendJson(res, 200, { processQueryKey: randomUUID() });
      }
      default:
        return sendJson(res, 404, { code: "notFound" });
    }
  }

  private deniedError(res: ServerResponse): boolean {
    if (this.permissionDenied <= 0) return false;
    this.permissionDenied--;
    sendJson(res, 403, { code: "Forbidden.AccessDenied.AccessTokenPermissionDenied", requestid: randomUUID(), message: "没有调用该接口的权限，接口权限申请参考：qyapi_robot_sendmsg" });
    return true;
  }

  private qpsError(res: ServerResponse): void {
    this.qpsRejections++;
    sendJson(res, 403, { code: "Forbidden.AccessDenied.QpsLimitForApi", requestid: randomUUID(), message: "当前接口调用频率超过全局限制" });
  }

  /** Revokes every token issued so far (a rotated secret): the next robot call answers 400 InvalidAuthentication. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /**
   * The gateway's graceful goodbye: SYSTEM disconnect on every live connection, nothing more routed
   * to them, and the TCP connection closed after `graceMs` (10 s on the real gateway).
   */
  sendDisconnect(graceMs = 10_000): void {
    for (const c of this.conns.filter((x) => !x.stalled && !x.leaving && x.ws.readyState === WebSocket.OPEN)) {
      c.leaving = true;
      this.write(c, { specVersion: "1.0", type: "SYSTEM", headers: { topic: "disconnect", messageId: `sys-${randomUUID()}`, contentType: "application/json", time: String(Date.now()) }, data: JSON.stringify({ reason: "connection is expired" }) });
      setTimeout(() => c.ws.terminate(), graceMs).unref();
    }
  }

  /** Connections keep answering WebSocket pings but get no SYSTEM frame and no message any more. */
  zombify(): void {
    for (const c of this.conns) c.zombie = true;
  }

  /** A robot callback payload shaped like a captured one; `session` names its reply webhook. */
  robotMessage(o: { text: string; group?: boolean; staffId?: string; nick?: string; msgId?: string; atBot?: boolean; session?: string; expiresAt?: number; msgtype?: string; content?: Record<string, unknown>; inAtList?: boolean }): Record<string, unknown> {
    const group = o.group ?? false;
    const now = Date.now();
    return {
      conversationId: group ? "cidGroup0001+abc==" : "cidPrivate0001+xyz==",
      atUsers: group && o.atBot !== false ? [{ dingtalkId: "$:LWCP_v1:$botbotbot" }] : [],
      chatbotCorpId: "dingcorp0001",
      chatbotUserId: "$:LWCP_v1:$botbotbot",
      msgId: o.msgId ?? `msg${randomUUID()}`,
      senderNick: o.nick ?? "张三",
      isAdmin: false,
      senderStaffId: o.staffId ?? "staff001",
      sessionWebhookExpiredTime: o.expiresAt ?? now + 90 * 60_000,
      createAt: now,
      senderCorpId: "dingcorp0001",
      conversationType: group ? "2" : "1",
      senderId: `$:LWCP_v1:$${o.staffId ?? "staff001"}`,
      ...(group ? { conversationTitle: "政务帮服务群", ...(o.inAtList === false ? {} : { isInAtList: o.atBot !== false }) } : {}),
      sessionWebhook: `${this.url}/robot/sendBySession?session=${o.session ?? randomUUID()}`,
      ...(o.msgtype && o.msgtype !== "text" ? { content: o.content ?? {} } : { text: { content: o.text } }),
      robotCode: this.clientId,
      msgtype: o.msgtype ?? "text",
    };
  }

  /**
   * Sends a robot CALLBACK frame on a connection the gateway still routes to (the newest); returns
   * the frame's messageId. With none, the message is lost, as robot messages are fire-and-forget.
   */
  deliver(data: Record<string, unknown>): string {
    const messageId = `${randomUUID()}`;
    const conn = this.routableConn();
    if (!conn) {
      this.lost.push(messageId);
      return messageId;
    }
    const frame: Frame = {
      specVersion: "1.0",
      type: "CALLBACK",
      headers: { appId: "app-fake", connectionId: conn.id, contentType: "application/json", messageId, time: String(Date.now()), topic: TOPIC_ROBOT },
      data: JSON.stringify(data),
    };
    this.sent.set(messageId, frame);
    this.write(conn, frame);
    return messageId;
  }

  /** Delivers a frame again, as DingTalk does when it saw no ACK in time. */
  redeliver(messageId: string): void {
    const frame = this.sent.get(messageId);
    if (!frame) throw new Error(`no frame ${messageId}`);
    this.write(this.liveConn(), frame);
  }

  /** Lets held connection-open requests (and all later ones) through. */
  releaseOpens(): void {
    this.holdOpens = false;
    for (const r of this.heldOpens.splice(0)) r();
  }

  /** Sends raw text as a frame (for malformed-frame tests). */
  sendRaw(text: string): void {
    this.liveConn().ws.send(text);
  }

  /** Kills every connection from the server side (TCP reset, no close frame). */
  dropConnections(): void {
    for (const c of [...this.conns]) c.ws.terminate();
  }

  /** Keeps connections open but silent: no pongs, no deliveries, nothing read. */
  stallConnections(): void {
    for (const c of this.conns) c.stalled = true;
  }

  get liveConnections(): number {
    return this.conns.filter((c) => !c.stalled && c.ws.readyState === WebSocket.OPEN).length;
  }

  private routableConn(): Conn | undefined {
    return [...this.conns].reverse().find((x) => !x.stalled && !x.zombie && !x.leaving && x.ws.readyState === WebSocket.OPEN);
  }

  private liveConn(): Conn {
    const c = [...this.conns].reverse().find((x) => !x.stalled && x.ws.readyState === WebSocket.OPEN);
    if (!c) throw new Error("no live connection");
    return c;
  }

  async close(): Promise<void> {
    for (const c of this.conns) {
      clearInterval(c.pingTimer);
      c.ws.terminate();
    }
    await new Promise<void>((r) => this.wss.close(() => r()));
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** Polls until cond() holds; fails with `what` after timeoutMs. */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 8_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
