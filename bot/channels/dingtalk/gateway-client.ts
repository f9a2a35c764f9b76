// The official SDK client, with the gateway URL made configurable, the subscriptions narrowed to the
// robot topic, and three SDK hazards closed. One instance drives one WebSocket connection: a
// make-before-break rotation opens a second instance while the first still delivers.
import { DWClient, TOPIC_ROBOT } from "dingtalk-stream";
import type WebSocket from "ws";

/**
 * The SDK keeps the gateway URL in a module constant (GATEWAY_URL in dingtalk-stream/constants)
 * that getEndpoint() posts to, so the only way to reach a local fake is to override that one
 * method with the same request against another base URL. Without gatewayUrl this class is the
 * SDK's client unchanged (super.getEndpoint()).
 */
export class GatewayDWClient extends DWClient {
  onAlive: () => void = () => {};
  onBadFrame: (err: unknown) => void = () => {};
  /** Every SYSTEM frame (ping, disconnect, …) after the SDK handled it: proof the gateway still talks to us. */
  onSystemFrame: (topic: string, data: string) => void = () => {};

  constructor(
    opts: { clientId: string; clientSecret: string },
    private readonly gatewayUrl?: string,
  ) {
    // The SDK's default subscription {type: "EVENT", topic: "*"} would take the app's event pushes
    // (approvals, contacts…) away from whatever else consumes them: this bot only wants robot messages.
    // A fresh array also keeps registerCallbackListener from mutating the SDK's shared default.
    super({ ...opts, keepAlive: false, debug: false, ua: "zhengwubang", subscriptions: [{ type: "CALLBACK", topic: TOPIC_ROBOT }] } as never);
    // Reconnect is supervised by DingTalkStream (with backoff); the SDK's own retries every
    // second forever and can run twice for one failure (error + close both schedule one).
    this.config.autoReconnect = false;
  }

  override async getEndpoint(): Promise<this> {
    if (!this.gatewayUrl) return super.getEndpoint();
    const res = await fetch(new URL("/v1.0/gateway/connections/open", this.gatewayUrl), {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({
        clientId: this.config.clientId,
        clientSecret: this.config.clientSecret,
        ua: this.config.ua,
        subscriptions: this.config.subscriptions,
      }),
      signal: AbortSignal.timeout(20_000),
    });
    if (!res.ok) throw new Error(`gateway open failed: HTTP ${res.status}`);
    const body = (await res.json()) as { endpoint?: string; ticket?: string };
    if (!body.endpoint || !body.ticket) throw new Error("endpoint or ticket is null");
    // Same private field the SDK's getEndpoint fills; _connect() dials it.
    (this as unknown as { dw_url: string }).dw_url = `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
    return this;
  }

  /** The SDK calls this on every pong and on SYSTEM KEEPALIVE frames. */
  override heartbeat(): void {
    super.heartbeat();
    this.onAlive();
  }

  override onSystem(downstream: Parameters<DWClient["onSystem"]>[0]): void {
    super.onSystem(downstream);
    this.onSystemFrame(String(downstream.headers?.topic ?? ""), String(downstream.data ?? ""));
  }

  /** The SDK JSON.parses frames inside the socket's event handler: one bad frame would crash the process. */
  override onDownStream(data: string): void {
    try {
      super.onDownStream(data);
    } catch (err) {
      this.onBadFrame(err);
    }
  }

  get ws(): WebSocket | undefined {
    return (this as unknown as { socket?: WebSocket }).socket;
  }
}
