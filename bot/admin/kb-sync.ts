// Several bot instances on one Redis serve one knowledge-base version: a successful reload on any
// instance sets `${prefix}kb:version` and publishes on `${prefix}kb:reload`; every other instance
// reloads from its own ZWB_KB_DIR when the message arrives. Reloads caused by a message are not
// re-published, so two instances whose folders differ cannot ping-pong.
//
// It heals: an instance started while Redis is down subscribes as soon as Redis answers; a reload made
// during an outage is published on recovery; and every `checkEveryMs` each instance compares its
// version with the cluster key and reloads when the cluster moved on without it (a missed message).
import { randomUUID } from "node:crypto";
import type { Logger } from "../../core/log.ts";
import type { KnowledgeService, ReloadReport } from "../../knowledge/service.ts";
import type { RedisClient } from "../../tickets/redis-store.ts";
import type { RedisHealth } from "../../tickets/redis-health.ts";

export interface KbReloadMessage {
  version: string;
  from: string;
  at: string;
}

export interface KbSyncState {
  instanceId: string;
  /** True only while the subscriber connection is up and listening. */
  subscribed: boolean;
  lastMessage: KbReloadMessage | null;
  lastSyncReport: { ok: boolean; version: string; at: string } | null;
  /** A version reloaded here that the cluster has not been told of yet (Redis was away). */
  unpublished: string | null;
  /** The cluster key as last read, and when. */
  clusterVersion: string | null;
  checkedAt: string | null;
}

const RETRY_SAME_MS = 10 * 60_000;

export const kbChannel = (prefix: string) => `${prefix}kb:reload`;
export const kbVersionKey = (prefix: string) => `${prefix}kb:version`;

export interface KbSyncOptions {
  instanceId?: string;
  health?: RedisHealth | null;
  /** How often the version is compared with the cluster key (ms). */
  checkEveryMs?: number;
}

export class KbSync {
  readonly instanceId: string;
  private subscriber: RedisClient | null = null;
  private listening = false;
  private unlisten: (() => void) | null = null;
  private offRecover: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private st: KbSyncState;
  private stopped = false;
  private subscribing: Promise<void> | null = null;
  /** The cluster version we last reloaded for, and when: a folder that differs from the publisher's
   * is not reloaded on every check, only again after RETRY_SAME_MS (its files may have arrived). */
  private followed: string | null = null;
  private followedAt = 0;

  constructor(
    private readonly kb: KnowledgeService,
    private readonly client: RedisClient,
    private readonly prefix: string,
    private readonly log: Logger,
    o: KbSyncOptions | string = {},
  ) {
    const opts = typeof o === "string" ? { instanceId: o } : o;
    this.instanceId = opts.instanceId ?? randomUUID();
    this.st = { instanceId: this.instanceId, subscribed: false, lastMessage: null, lastSyncReport: null, unpublished: null, clusterVersion: null, checkedAt: null };
    this.health = opts.health ?? null;
    this.checkEveryMs = opts.checkEveryMs ?? 30_000;
  }

  private readonly health: RedisHealth | null;
  private readonly checkEveryMs: number;

  /** Starts listening; while Redis is away it keeps trying (it never throws for an outage). */
  async start(): Promise<void> {
    this.unlisten = this.kb.onReload((r, origin) => {
      if (r.ok && origin !== "sync") void this.publish(r.version).catch((err) => this.log.warn({ err }, "kb reload not published yet (redis away); it will be on recovery"));
    });
    this.offRecover = this.health?.onRecover(() => void this.heal()) ?? null;
    this.timer = setInterval(() => void this.heal(), this.checkEveryMs);
    this.timer.unref();
    // Waits a moment for the subscription so a reload right after start is heard; never longer, so an
    // instance starting while Redis is down starts all the same.
    const subscribed = this.subscribe().catch((err) => this.log.warn({ err }, "kb sync could not subscribe yet; it will when redis answers"));
    await Promise.race([subscribed, new Promise((r) => setTimeout(r, 3000).unref())]);
  }

  private subscribe(): Promise<void> {
    if (this.stopped || (this.subscriber?.isReady && this.listening)) return Promise.resolve();
    this.subscribing ??= (async () => {
      if (!this.subscriber) {
        // A subscribed connection can run nothing else, hence the dedicated duplicate. It reconnects
        // on its own and node-redis subscribes again on reconnect.
        const sub = this.client.duplicate({ disableOfflineQueue: false }) as RedisClient;
        sub.on("error", (err: Error) => this.log.debug({ err }, "kb sync subscriber error"));
        this.subscriber = sub;
      }
      const sub = this.subscriber;
      if (!sub.isOpen) await sub.connect();
      if (!this.listening) {
        await sub.subscribe(kbChannel(this.prefix), (raw: string) => {
          // A reload that fails here (this instance's folder briefly missing) must not crash the process.
          this.onMessage(raw).catch((err) => this.log.warn({ err }, "reload requested by another instance failed"));
        });
        this.listening = true;
      }
    })().finally(() => {
      this.subscribing = null;
    });
    return this.subscribing;
  }

  /** Subscribe if not, publish what waited, and catch up with the cluster version. */
  async heal(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.subscribe();
      if (this.st.unpublished) await this.publish(this.st.unpublished);
      await this.catchUp();
    } catch (err) {
      this.log.debug({ err }, "kb sync heal deferred (redis away)");
    }
  }

  /** Reloads when the cluster key names a version this instance does not serve and has not tried. */
  private async catchUp(): Promise<void> {
    const cluster = await this.clusterVersion();
    this.st.clusterVersion = cluster;
    this.st.checkedAt = new Date().toISOString();
    const tried = cluster === this.followed && Date.now() - this.followedAt < RETRY_SAME_MS;
    if (!cluster || cluster === this.kb.version || tried || this.st.unpublished) return;
    this.followed = cluster;
    this.followedAt = Date.now();
    this.log.info({ cluster, serving: this.kb.version }, "kb sync: behind the cluster version, reloading");
    await this.reloadFor({ version: cluster, from: "version-check", at: new Date().toISOString() });
  }

  /** Tells every instance to reload; returns how many subscribers heard it. */
  async publish(version: string): Promise<number> {
    this.st.unpublished = version;
    const msg: KbReloadMessage = { version, from: this.instanceId, at: new Date().toISOString() };
    await this.client.set(kbVersionKey(this.prefix), version);
    const n = await this.client.publish(kbChannel(this.prefix), JSON.stringify(msg));
    if (this.st.unpublished === version) this.st.unpublished = null;
    this.followed = version;
    this.followedAt = Date.now();
    return n;
  }

  clusterVersion(): Promise<string | null> {
    return this.client.get(kbVersionKey(this.prefix));
  }

  state(): KbSyncState {
    const up = this.health ? this.health.up : this.client.isReady;
    return { ...this.st, subscribed: Boolean(up && this.subscriber?.isReady && this.listening) };
  }

  private async onMessage(raw: string): Promise<ReloadReport | null> {
    let msg: KbReloadMessage;
    try {
      msg = JSON.parse(raw) as KbReloadMessage;
    } catch {
      this.log.warn({ raw: raw.slice(0, 200) }, "kb sync: unreadable message ignored");
      return null;
    }
    if (msg.from === this.instanceId) return null;
    this.st.lastMessage = msg;
    this.followed = msg.version;
    this.followedAt = Date.now();
    return this.reloadFor(msg);
  }

  private async reloadFor(msg: KbReloadMessage): Promise<ReloadReport> {
    const r = await this.kb.reload(undefined, { origin: "sync" });
    this.st.lastSyncReport = { ok: r.ok, version: r.version, at: new Date().toISOString() };
    if (!r.ok) this.log.warn({ wanted: msg.version, serving: r.version, errors: r.errors.slice(0, 5) }, "kb sync: reload rejected, old version keeps serving");
    else if (r.version !== msg.version)
      this.log.warn({ wanted: msg.version, serving: r.version }, "kb sync: this instance's ZWB_KB_DIR differs from the publisher's");
    else this.log.info({ version: r.version, from: msg.from }, "kb sync: reloaded");
    return r;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unlisten?.();
    this.unlisten = null;
    this.offRecover?.();
    if (this.timer) clearInterval(this.timer);
    await this.subscribing?.catch(() => undefined);
    const sub = this.subscriber;
    this.subscriber = null;
    this.listening = false;
    if (sub?.isOpen) await sub.close().catch(() => sub.destroy());
    else sub?.destroy();
  }
}
