// The DingTalk Stream connection: the official SDK's DWClient for the wire protocol, plus the
// supervision the SDK lacks: ACK of robot callbacks, dedupe of redeliveries, a ping/pong watchdog,
// make-before-break rotation (on the gateway's SYSTEM disconnect, on a connection that went quiet,
// and every few hours) and reconnect with back-off when a connection is lost anyway.
import { TOPIC_ROBOT, type DWClientDownStream } from "dingtalk-stream";
import { GatewayDWClient } from "./gateway-client.ts";
import type { Logger } from "../../../core/log.ts";
import { backoffMs } from "../../../core/pace.ts";
import { SeenSet } from "./seen.ts";
import { dialConnection, type Conn } from "./connection.ts";

export { GatewayDWClient };

import { defaultTuning, type StreamState, type StreamStatus, type StreamTuning } from "./tuning.ts";

export { beijingWorkingTime, defaultTuning, type StreamState, type StreamStatus, type StreamTuning } from "./tuning.ts";

export interface StreamOptions {
  clientId: string;
  clientSecret: string;
  /** Base URL of the connection gateway; unset in production (the SDK's built-in URL is used). */
  gatewayUrl?: string;
  log: Logger;
  tuning?: Partial<StreamTuning>;
  /** Called once per distinct robot callback, after it has been acked. Errors are logged. */
  onRobotCallback: (data: unknown, frame: DWClientDownStream) => Promise<void> | void;
}

const errText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class DingTalkStream {
  private readonly tuning: StreamTuning;
  private readonly log: Logger;
  private readonly seen: SeenSet;
  private status: StreamStatus = "connecting";
  private lastMessageAt: Date | null = null;
  private reconnects = 0;
  private attempt = 0;
  private everOpened = false;
  private current?: Conn;
  private readonly open = new Set<Conn>();
  private rotating = false;
  private lastError: string | null = null;
  private alert: string | null = null;
  private reconnectTimer?: NodeJS.Timeout;
  private checkTimer?: NodeJS.Timeout;
  private readonly openWaiters = new Set<() => void>();

  constructor(private readonly opts: StreamOptions) {
    this.tuning = { ...defaultTuning, ...opts.tuning };
    this.log = opts.log;
    this.seen = new SeenSet(this.tuning.dedupeTtlMs, this.tuning.dedupeMax);
  }

  /** The serving connection's SDK client (tests and diagnostics). */
  get client(): GatewayDWClient | undefined {
    return this.current?.client;
  }

  /** Connects once; on failure keeps retrying in the background (state shows 'reconnecting'). */
  async start(): Promise<void> {
    this.status = "connecting";
    this.checkTimer = setInterval(() => this.check(), this.tuning.checkEveryMs);
    this.checkTimer.unref();
    await this.connect();
  }

  state(): StreamState {
    const c = this.current;
    return {
      status: this.status,
      lastMessageAt: this.lastMessageAt?.toISOString() ?? null,
      lastFrameAt: c ? new Date(c.lastFrameAt).toISOString() : null,
      reconnects: this.reconnects,
      connectedAt: c ? new Date(c.openedAt).toISOString() : null,
      lastError: this.lastError,
      alert: this.status === "reconnecting" ? "钉钉连接已断开，正在重连，期间的消息收不到" : this.alert,
      connections: this.open.size,
    };
  }

  /** Resolves when the socket is open (immediately if it is). */
  waitOpen(timeoutMs = 10_000): Promise<void> {
    if (this.status === "open") return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.openWaiters.delete(done);
        reject(new Error(`dingtalk stream not open after ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(t);
        resolve();
      };
      this.openWaiters.add(done);
    });
  }

  async stop(): Promise<void> {
    this.status = "stopped";
    clearTimeout(this.reconnectTimer);
    clearInterval(this.checkTimer);
    this.current = undefined;
    // Not client.disconnect(): it prints to stdout, and with autoReconnect off a plain close suffices.
    await Promise.all([...this.open].map((c) => this.close(c)));
  }

  /** A method, not a field read, so TypeScript does not narrow it across awaits. */
  private stopped(): boolean {
    return this.status === "stopped";
  }

  private async close(c: Conn): Promise<void> {
    this.stopWatchdog(c);
    this.open.delete(c);
    const ws = c.ws;
    if (!ws || ws.readyState === ws.CLOSED) return;
    ws.close();
    // A graceful close waits for the peer's close frame; a dead peer never sends one.
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        ws.terminate();
        resolve();
      }, 1_000);
      ws.once("close", () => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /** Opens one more connection; throws when it cannot within connectTimeoutMs. */
  private async dial(): Promise<Conn> {
    const c = await dialConnection({ clientId: this.opts.clientId, clientSecret: this.opts.clientSecret, gatewayUrl: this.opts.gatewayUrl, connectTimeoutMs: this.tuning.connectTimeoutMs }, (conn) => {
      conn.client.onAlive = () => this.alive(conn);
      conn.client.onBadFrame = (err) => this.log.warn({ err }, "dingtalk: unreadable frame ignored");
      conn.client.onSystemFrame = (topic) => this.onSystem(conn, topic);
      conn.client.registerCallbackListener(TOPIC_ROBOT, (frame) => this.onCallback(conn, frame));
    });
    this.open.add(c);
    c.ws!.on("close", () => this.closed(c));
    return c;
  }

  /** Makes `c` the serving connection; the previous one drains and is closed shortly after. */
  private adopt(c: Conn): void {
    const old = this.current;
    this.current = c;
    if (this.everOpened) this.reconnects++;
    this.everOpened = true;
    this.attempt = 0;
    this.status = "open";
    this.startWatchdog(c);
    this.log.info({ reconnects: this.reconnects, connections: this.open.size }, "dingtalk: stream open");
    for (const w of this.openWaiters) w();
    this.openWaiters.clear();
    if (old) {
      this.stopWatchdog(old);
      // Kept open a little: frames the gateway already put on it still arrive and are acked there.
      setTimeout(() => void this.close(old), this.tuning.drainMs).unref();
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped()) return;
    try {
      const c = await this.dial();
      if (this.stopped()) return void this.close(c);
      this.adopt(c);
    } catch (err) {
      if (this.stopped()) return;
      this.lastError = errText(err);
      this.log.warn({ err, attempt: this.attempt }, "dingtalk: connect failed");
      this.scheduleReconnect();
    }
  }

  /** Make-before-break: the new connection opens while the old one still serves. */
  private async rotate(reason: string): Promise<void> {
    if (this.rotating || this.stopped()) return;
    this.rotating = true;
    this.log.info({ reason }, "dingtalk: opening a new connection before the old one goes");
    try {
      const c = await this.dial();
      if (this.stopped()) return void this.close(c);
      this.adopt(c);
    } catch (err) {
      this.lastError = errText(err);
      this.log.warn({ err, reason }, "dingtalk: rotation failed; the current connection keeps serving");
      // The old connection may have closed meanwhile (a SYSTEM disconnect closes it after 10 s).
      if (!this.current && !this.stopped()) this.scheduleReconnect();
    } finally {
      this.rotating = false;
    }
  }

  /** A socket closed: only the serving one's loss triggers a reconnect. */
  private closed(c: Conn): void {
    this.stopWatchdog(c);
    this.open.delete(c);
    if (c !== this.current || this.stopped()) return;
    this.current = undefined;
    this.status = "reconnecting";
    this.lastError = "connection closed";
    this.log.warn("dingtalk: stream lost, reconnecting");
    if (!this.rotating) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped()) return;
    this.status = "reconnecting";
    // Jitter keeps a fleet of bots from reconnecting in lockstep after a gateway restart.
    const delay = backoffMs(this.attempt, this.tuning.reconnectBaseMs, this.tuning.reconnectMaxMs);
    this.attempt++;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  /** Age and silence of the serving connection. */
  private check(): void {
    const c = this.current;
    if (!c || this.rotating || this.stopped()) return;
    const now = Date.now();
    if (now - c.openedAt >= this.tuning.rotateEveryMs) return void this.rotate("periodic");
    const quiet = now - c.lastFrameAt;
    if (quiet >= this.tuning.silentRotateMs && this.tuning.isWorkingTime(new Date(now))) {
      // Pongs may still come back while the gateway no longer routes anything to this socket.
      this.alert = `钉钉连接 ${Math.round(quiet / 60_000)} 分钟未收到任何消息帧，已判定为失效连接并更换（${new Date(now).toISOString()}）`;
      this.log.warn({ quietMs: quiet }, "dingtalk: connection silent in working time, replacing it");
      void this.rotate("silent");
    }
  }

  // SDK users report sockets that stop delivering without any close event (NAT/proxy drops the
  // flow silently), so liveness is proven by pongs, not assumed from the absence of 'close'.
  private startWatchdog(c: Conn): void {
    this.stopWatchdog(c);
    const { pingIntervalMs, pongTimeoutMs } = this.tuning;
    c.pingTimer = setInterval(() => {
      if (c !== this.current || c.awaitingPong) return;
      c.awaitingPong = true;
      try {
        c.ws?.ping();
      } catch (err) {
        this.log.debug({ err }, "dingtalk: ping failed");
      }
      c.pongTimer = setTimeout(() => {
        if (!c.awaitingPong || c !== this.current) return;
        this.log.warn(`dingtalk: no pong within ${pongTimeoutMs} ms`);
        c.ws?.terminate(); // 'close' follows and reconnects
      }, pongTimeoutMs);
    }, pingIntervalMs);
  }

  private stopWatchdog(c: Conn): void {
    clearInterval(c.pingTimer);
    clearTimeout(c.pongTimer);
    c.awaitingPong = false;
  }

  private alive(c: Conn): void {
    c.awaitingPong = false;
    clearTimeout(c.pongTimer);
  }

  private onSystem(c: Conn, topic: string): void {
    c.lastFrameAt = Date.now();
    // The gateway closes the socket 10 s after this frame and sends nothing on it meanwhile: open
    // the successor now, not when the close arrives.
    if (topic === "disconnect" && c === this.current) void this.rotate("disconnect");
  }

  private onCallback(c: Conn, frame: DWClientDownStream): void {
    const messageId = frame.headers?.messageId;
    c.lastFrameAt = Date.now();
    // The SDK acks EVENT frames itself but not CALLBACK frames; unacked, DingTalk redelivers.
    // The ack goes back on the connection the frame came on.
    if (messageId) {
      try {
        c.client.socketCallBackResponse(messageId, { status: "SUCCESS" });
      } catch (err) {
        this.log.warn({ err }, "dingtalk: ack failed");
      }
    }
    this.lastMessageAt = new Date();
    if (c === this.current) this.alert = null;
    let data: unknown;
    try {
      data = JSON.parse(frame.data);
    } catch {
      this.log.warn({ messageId }, "dingtalk: callback data is not JSON");
      return;
    }
    const key = (data as { msgId?: unknown })?.msgId;
    const dedupeKey = typeof key === "string" && key ? key : messageId;
    if (dedupeKey && this.seen.check(dedupeKey)) {
      this.log.debug({ msgId: dedupeKey }, "dingtalk: redelivered callback ignored");
      return;
    }
    Promise.resolve()
      .then(() => this.opts.onRobotCallback(data, frame))
      .catch((err) => this.log.error({ err }, "dingtalk: callback handling failed"));
  }
}
