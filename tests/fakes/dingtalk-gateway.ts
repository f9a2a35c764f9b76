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
  }

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
    const conn: Conn = { id: randomUUID(), ws, stalled: false };
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
      const i = this.conns.indexOf(conn);
      if (i >= 0) this.conns.splice(i, 1);
    });
    // The real gateway's application-level ping; the SDK must echo it.
    this.write(conn, { specVersion: "1.0", type: "SYSTEM", headers: { topic: "ping", messageId: `ping-${randomUUID()}`, contentType: "application/json", time: String(Date.now()) }, data: JSON.stringify({ opaque: randomUUID() }) });
  }

  private write(conn: Conn, frame: Frame): void {
    conn.ws.send(JSON.stringify(frame));
  }

  private async route(req: HttpReq, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? "/", this.url);
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
        if (!this.tokens.has(token)) return sendJson(res, 401, { code: "InvalidAuthentication", message: "bad token" });
        const fail = this.batchSendFailures.shift();
        if (fail) return sendJson(res, fail, { code: "ServiceUnavailable", message: "try later" });
        this.pushes.push({ token, body });
        const invalid = (body.userIds as string[]).filter((id) => id.startsWith("nobody"));
        return sendJson(res, 200, { processQueryKey: randomUUID(), invalidStaffIdList: invalid, flowControlledStaffIdList: [] });
      }
      case "/v1.0/robot/groupMessages/send": {
        if (!this.tokens.has(token)) return sendJson(res, 401, { code: "InvalidAuthentication", message: "bad token" });
        this.groupSends.push({ token, body });
        return sendJson(res, 200, { processQueryKey: randomUUID() });
      }
      default:
        return sendJson(res, 404, { code: "notFound" });
    }
  }

  /** A robot callback payload shaped like a captured one; `session` names its reply webhook. */
  robotMessage(o: { text: string; group?: boolean; staffId?: string; nick?: string; msgId?: string; atBot?: boolean; session?: string; expiresAt?: number }): Record<string, unknown> {
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
      ...(group ? { conversationTitle: "政务帮服务群", isInAtList: o.atBot !== false } : {}),
      sessionWebhook: `${this.url}/robot/sendBySession?session=${o.session ?? randomUUID()}`,
      text: { content: o.text },
      robotCode: this.clientId,
      msgtype: "text",
    };
  }

  /** Sends a robot CALLBACK frame on the newest live connection; returns the frame's messageId. */
  deliver(data: Record<string, unknown>): string {
    const conn = this.liveConn();
    const messageId = `${randomUUID()}`;
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

  private liveConn(): Conn {
    const c = [...this.conns].reverse().find((x) => !x.stalled && x.ws.readyState === WebSocket.OPEN);
    if (!c) throw new Error("no live connection");
    return c;
  }

  async close(): Promise<void> {
    for (const c of this.conns) c.ws.terminate();
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
