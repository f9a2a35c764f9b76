// The DingTalk Stream connection: the official SDK's DWClient for the wire protocol, plus the
// supervision the SDK lacks: ACK of robot callbacks, dedupe of redeliveries, a ping/pong
// watchdog and reconnect with backoff.
import { TOPIC_ROBOT, type DWClientDownStream } from "dingtalk-stream";
import { GatewayDWClient } from "./gateway-client.ts";
import type WebSocket from "ws";
import type { Logger } from "../../../core/log.ts";
import { SeenSet } from "./seen.ts";

export { GatewayDWClient };

export type StreamStatus = "connecting" | "open" | "reconnecting" | "stopped";

export interface StreamState {
  status: StreamStatus;
  lastMessageAt: string | null;
  reconnects: number;
  connectedAt: string | null;
}

export interface StreamTuning {
  /** How often the socket is pinged. */
  pingIntervalMs: number;
  /** A ping unanswered this long means a dead socket. */
  pongTimeoutMs: number;
  /** Open (endpoint request + WebSocket handshake) must finish within this; a blackholed dial never errors by itself. */
  connectTimeoutMs: number;
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  /** How long a callback's msgId is remembered; DingTalk redelivers unacked callbacks after ~60 s. */
  dedupeTtlMs: number;
  dedupeMax: number;
}

export const defaultTuning: StreamTuning = {
  pingIntervalMs: 20_000,
  pongTimeoutMs: 10_000,
  connectTimeoutMs: 30_000,
  reconnectBaseMs: 1_000,
  reconnectMaxMs: 60_000,
  dedupeTtlMs: 15 * 60_000,
  dedupeMax: 10_000,
};

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

export class DingTalkStream {
  readonly client: GatewayDWClient;
  private readonly tuning: StreamTuning;
  private readonly log: Logger;
  private readonly seen: SeenSet;
  private status: StreamStatus = "connecting";
  private lastMessageAt: Date | null = null;
  private connectedAt: Date | null = null;
  private reconnects = 0;
  private attempt = 0;
  private everOpened = false;
  private current?: WebSocket;
  private reconnectTimer?: NodeJS.Timeout;
  private pingTimer?: NodeJS.Timeout;
  private pongTimer?: NodeJS.Timeout;
  private awaitingPong = false;
  private readonly openWaiters = new Set<() => void>();

  constructor(private readonly opts: StreamOptions) {
    this.tuning = { ...defaultTuning, ...opts.tuning };
    this.log = opts.log;
    this.seen = new SeenSet(this.tuning.dedupeTtlMs, this.tuning.dedupeMax);
    this.client = new GatewayDWClient({ clientId: opts.clientId, clientSecret: opts.clientSecret }, opts.gatewayUrl);
    this.client.onAlive = () => this.alive();
    this.client.onBadFrame = (err) => this.log.warn({ err }, "dingtalk: unreadable frame ignored");
    this.client.registerCallbackListener(TOPIC_ROBOT, (frame) => this.onCallback(frame));
  }

  /** Connects once; on failure keeps retrying in the background (state shows 'reconnecting'). */
  async start(): Promise<void> {
    this.status = "connecting";
    await this.connect();
  }

  state(): StreamState {
    return {
      status: this.status,
      lastMessageAt: this.lastMessageAt?.toISOString() ?? null,
      reconnects: this.reconnects,
      connectedAt: this.connectedAt?.toISOString() ?? null,
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
    this.stopWatchdog();
    const ws = this.current;
    this.current = undefined;
    // Not client.disconnect(): it prints to stdout, and with autoReconnect off a plain close suffices.
    if (ws && ws.readyState !== ws.CLOSED) {
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
  }

  /** A method, not a field read, so TypeScript does not narrow it across awaits. */
  private stopped(): boolean {
    return this.status === "stopped";
  }

  private async connect(): Promise<void> {
    if (this.stopped()) return;
    let timer: NodeJS.Timeout | undefined;
    let abandoned = false;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          abandoned = true;
          reject(new Error(`connect timed out after ${this.tuning.connectTimeoutMs} ms`));
        }, this.tuning.connectTimeoutMs);
      });
      const open = (async () => {
        await this.client.getEndpoint();
        if (abandoned) throw new Error("connect abandoned");
        const dialing = this.client._connect();
        const sock = this.client.ws;
        if (abandoned) sock?.terminate();
        else timeout.catch(() => sock?.terminate()); // handshake still pending at the deadline
        await dialing;
        // Opened after the deadline: a newer attempt owns the connection now.
        if (abandoned) sock?.terminate();
      })();
      open.catch(() => {}); // a late failure after the deadline is already handled
      await Promise.race([open, timeout]);
    } catch (err) {
      if (this.stopped()) return;
      this.log.warn({ err, attempt: this.attempt }, "dingtalk: connect failed");
      this.scheduleReconnect();
      return;
    } finally {
      clearTimeout(timer);
    }
    const ws = this.client.ws;
    if (!ws) return this.scheduleReconnect();
    if (this.stopped()) {
      ws.terminate();
      return;
    }
    this.current = ws;
    ws.on("close", () => this.lost(ws, "closed"));
    if (this.everOpened) this.reconnects++;
    this.everOpened = true;
    this.attempt = 0;
    this.status = "open";
    this.connectedAt = new Date();
    this.startWatchdog(ws);
    this.log.info({ reconnects: this.reconnects }, "dingtalk: stream open");
    for (const w of this.openWaiters) w();
    this.openWaiters.clear();
  }

  /** Called for a socket that is gone or judged dead; only the current socket triggers a reconnect. */
  private lost(ws: WebSocket, reason: string): void {
    if (ws !== this.current || this.status === "stopped") return;
    this.current = undefined;
    this.stopWatchdog();
    this.log.warn({ reason }, "dingtalk: stream lost, reconnecting");
    ws.terminate();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.status === "stopped") return;
    this.status = "reconnecting";
    const { reconnectBaseMs: base, reconnectMaxMs: max } = this.tuning;
    const ceiling = Math.min(max, base * 2 ** this.attempt);
    // Jitter keeps a fleet of bots from reconnecting in lockstep after a gateway restart.
    const delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
    this.attempt++;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  // SDK users report sockets that stop delivering without any close event (NAT/proxy drops the
  // flow silently), so liveness is proven by pongs, not assumed from the absence of 'close'.
  private startWatchdog(ws: WebSocket): void {
    this.stopWatchdog();
    const { pingIntervalMs, pongTimeoutMs } = this.tuning;
    this.pingTimer = setInterval(() => {
      if (ws !== this.current || this.awaitingPong) return;
      this.awaitingPong = true;
      try {
        ws.ping();
      } catch (err) {
        this.log.debug({ err }, "dingtalk: ping failed");
      }
      this.pongTimer = setTimeout(() => {
        if (this.awaitingPong) this.lost(ws, `no pong within ${pongTimeoutMs} ms`);
      }, pongTimeoutMs);
    }, pingIntervalMs);
  }

  private stopWatchdog(): void {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    this.awaitingPong = false;
  }

  private alive(): void {
    this.awaitingPong = false;
    clearTimeout(this.pongTimer);
  }

  private onCallback(frame: DWClientDownStream): void {
    const messageId = frame.headers?.messageId;
    // The SDK acks EVENT frames itself but not CALLBACK frames; unacked, DingTalk redelivers.
    if (messageId) {
      try {
        this.client.socketCallBackResponse(messageId, { status: "SUCCESS" });
      } catch (err) {
        this.log.warn({ err }, "dingtalk: ack failed");
      }
    }
    this.lastMessageAt = new Date();
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
