// Whether the shared Redis can be used right now. Every command has a timeout (bot/root/redis.ts), but
// a frozen Redis would still cost each caller that timeout; after one failure the gate says "down" at
// once, and a probe (a keyed read, so a Redis still loading its data does not count as up) re-opens
// it. Complaints then go to the journal without waiting, guards fall back to in-process state, and
// whoever waits for recovery (journal replay, knowledge-base sync) is called when the probe succeeds.
import type { Logger } from "../core/log.ts";
import type { RedisClient } from "./redis-client.ts";
import { isUnavailable, isWriteRefusal } from "./redis-errors.ts";

export { isUnavailable, isWriteRefusal };
import { RAW } from "./redis-deadline.ts";

export interface RedisHealthState {
  up: boolean;
  since: string;
  lastError: string | null;
}

export class RedisHealth {
  private suspect = true;
  private probing: NodeJS.Timeout | null = null;
  private since = new Date().toISOString();
  private lastError: string | null = null;
  private readonly listeners: (() => void)[] = [];
  private stopped = false;

  constructor(
    readonly client: RedisClient,
    private readonly probeKey: string,
    private readonly log: Logger,
    private readonly probeEveryMs = 500,
  ) {
    client.on("ready", () => this.probeSoon(0));
    client.on("reconnecting", () => this.down(new Error("reconnecting")));
    client.on("end", () => this.down(new Error("connection closed")));
    this.probeSoon(0);
  }

  /** True when the client is connected and the last probe or command succeeded. */
  get up(): boolean {
    return !this.suspect && this.client.isReady;
  }

  state(): RedisHealthState {
    return { up: this.up, since: this.since, lastError: this.lastError };
  }

  /** Called once each time Redis comes back (after a failure or at start). */
  onRecover(fn: () => void): () => void {
    this.listeners.push(fn);
    return () => {
      const i = this.listeners.indexOf(fn);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** A caller saw this error; availability errors close the gate until a probe succeeds. */
  report(err: unknown): void {
    if (isUnavailable(err) && !isWriteRefusal(err)) this.down(err);
  }

  private down(err: unknown): void {
    this.lastError = (err as Error)?.message || (err as Error)?.name || String(err);
    if (!this.suspect) {
      this.suspect = true;
      this.since = new Date().toISOString();
      this.log.warn({ err }, "redis unavailable: complaints go to the journal, guards use in-process state");
    }
    this.probeSoon(this.probeEveryMs);
  }

  private probeSoon(ms: number): void {
    if (this.stopped || this.probing) return;
    this.probing = setTimeout(() => void this.probe(), ms);
    this.probing.unref();
  }

  /** The probe in flight: a frozen Redis gets one, not one per interval. */
  private outstanding: Promise<unknown> | null = null;

  /** One keyed read; LOADING, a timeout or a closed socket keep the gate closed. */
  async probe(): Promise<boolean> {
    this.probing = null;
    if (this.stopped) return false;
    if (!this.client.isReady) {
      if (!this.suspect) this.down(new Error("not connected"));
      else this.probeSoon(this.probeEveryMs);
      return false;
    }
    if (this.outstanding) {
      this.probeSoon(this.probeEveryMs);
      return false;
    }
    const raw = ((this.client as unknown as Record<symbol, RedisClient>)[RAW] ?? this.client) as RedisClient;
    const call = raw.exists(this.probeKey);
    this.outstanding = call;
    void call.then(
      () => (this.outstanding = null),
      () => (this.outstanding = null),
    );
    try {
      await Promise.race([call, new Promise((_, reject) => setTimeout(() => reject(new Error("probe: no answer")), Math.max(this.probeEveryMs * 2, 1000)).unref())]);
    } catch (err) {
      this.lastError = (err as Error)?.message || (err as Error)?.name || String(err);
      if (!this.suspect) this.down(err);
      else this.probeSoon(this.probeEveryMs);
      return false;
    }
    if (this.suspect) {
      this.suspect = false;
      this.since = new Date().toISOString();
      this.log.info("redis answers again");
      for (const fn of [...this.listeners]) {
        try {
          fn();
        } catch (err) {
          this.log.warn({ err }, "redis recovery listener failed");
        }
      }
    }
    return true;
  }

  /** A timed PING for /healthz: the answer, or why there was none. */
  async ping(): Promise<{ ok: boolean; ms: number; error?: string }> {
    const t0 = performance.now();
    if (!this.client.isReady) return { ok: false, ms: 0, error: "not connected" };
    try {
      await this.client.exists(this.probeKey);
      return { ok: true, ms: Math.round((performance.now() - t0) * 10) / 10 };
    } catch (err) {
      this.report(err);
      return { ok: false, ms: Math.round(performance.now() - t0), error: (err as Error)?.message || (err as Error)?.name || "error" };
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.probing) clearTimeout(this.probing);
    this.probing = null;
  }
}
