// One Stream connection: a fresh SDK client per WebSocket, so a rotation can hold two at once and
// each frame is acked on the connection it came on.
import type WebSocket from "ws";
import { GatewayDWClient } from "./gateway-client.ts";

export interface Conn {
  client: GatewayDWClient;
  ws?: WebSocket;
  openedAt: number;
  lastFrameAt: number;
  awaitingPong: boolean;
  pingTimer?: NodeJS.Timeout;
  pongTimer?: NodeJS.Timeout;
}

export interface DialOptions {
  clientId: string;
  clientSecret: string;
  gatewayUrl?: string;
  connectTimeoutMs: number;
}

/**
 * Registers (connections/open) and dials one connection; `wire` attaches the caller's hooks before
 * any frame can arrive. Throws when it cannot open within connectTimeoutMs: a blackholed dial never
 * errors by itself, and a handshake that completes after the deadline is closed at once.
 */
export async function dialConnection(o: DialOptions, wire: (c: Conn) => void): Promise<Conn> {
  const client = new GatewayDWClient({ clientId: o.clientId, clientSecret: o.clientSecret }, o.gatewayUrl);
  const c: Conn = { client, openedAt: Date.now(), lastFrameAt: Date.now(), awaitingPong: false };
  wire(c);
  let timer: NodeJS.Timeout | undefined;
  let abandoned = false;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abandoned = true;
        reject(new Error(`connect timed out after ${o.connectTimeoutMs} ms`));
      }, o.connectTimeoutMs);
    });
    const opening = (async () => {
      await client.getEndpoint();
      if (abandoned) throw new Error("connect abandoned");
      const dialing = client._connect();
      const sock = client.ws;
      if (abandoned) sock?.terminate();
      else timeout.catch(() => sock?.terminate()); // handshake still pending at the deadline
      await dialing;
      // Opened after the deadline: a newer attempt owns the connection now.
      if (abandoned) sock?.terminate();
    })();
    opening.catch(() => {}); // a late failure after the deadline is already handled
    await Promise.race([opening, timeout]);
  } finally {
    clearTimeout(timer);
  }
  const ws = client.ws;
  if (!ws) throw new Error("no socket after connect");
  c.ws = ws;
  c.openedAt = c.lastFrameAt = Date.now();
  return c;
}
