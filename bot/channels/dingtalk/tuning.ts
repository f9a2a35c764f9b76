// The Stream connection's knobs and the state it reports to /healthz.

export type StreamStatus = "connecting" | "open" | "reconnecting" | "stopped";

export interface StreamState {
  status: StreamStatus;
  /** Last robot callback received. */
  lastMessageAt: string | null;
  /** Last SYSTEM or CALLBACK frame on the serving connection: a connection that only pongs is not proof of life. */
  lastFrameAt: string | null;
  reconnects: number;
  connectedAt: string | null;
  lastError: string | null;
  /** Something an operator should look at, in Chinese; null when all is well. */
  alert: string | null;
  /** Open sockets (two for a moment during a rotation). */
  connections: number;
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
  /** In working time, a connection with no SYSTEM/CALLBACK frame this long is presumed a zombie and replaced. */
  silentRotateMs: number;
  /** Every connection is replaced (make-before-break) after this long, zombie or not. */
  rotateEveryMs: number;
  /** An old connection is kept this long after its successor opened, so frames already on the way are not lost. */
  drainMs: number;
  /** How often silence and age are checked. */
  checkEveryMs: number;
  /** When silence is suspicious (people write in working time; at night silence is normal). */
  isWorkingTime: (d: Date) => boolean;
}

/** Monday–Friday 08:00–20:00 Beijing time. */
export function beijingWorkingTime(d: Date): boolean {
  const b = new Date(d.getTime() + 8 * 3600_000);
  const day = b.getUTCDay();
  const h = b.getUTCHours();
  return day >= 1 && day <= 5 && h >= 8 && h < 20;
}

export const defaultTuning: StreamTuning = {
  pingIntervalMs: 20_000,
  pongTimeoutMs: 10_000,
  connectTimeoutMs: 30_000,
  reconnectBaseMs: 1_000,
  reconnectMaxMs: 60_000,
  dedupeTtlMs: 15 * 60_000,
  dedupeMax: 10_000,
  silentRotateMs: 10 * 60_000,
  rotateEveryMs: 4 * 3600_000,
  drainMs: 15_000,
  checkEveryMs: 30_000,
  isWorkingTime: beijingWorkingTime,
};
