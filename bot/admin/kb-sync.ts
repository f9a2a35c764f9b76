// Several bot instances on one Redis serve one knowledge-base version: a successful reload on any
// instance sets `${prefix}kb:version` and publishes on `${prefix}kb:reload`; every other instance
// reloads from its own ZWB_KB_DIR when the message arrives. Reloads caused by a message are not
// re-published, so two instances whose folders differ cannot ping-pong.
import { randomUUID } from "node:crypto";
import type { Logger } from "../../core/log.ts";
import type { KnowledgeService, ReloadReport } from "../../knowledge/service.ts";
import type { RedisClient } from "../../tickets/redis-store.ts";

export interface KbReloadMessage {
  version: string;
  from: string;
  at: string;
}

export interface KbSyncState {
  instanceId: string;
  subscribed: boolean;
  lastMessage: KbReloadMessage | null;
  lastSyncReport: { ok: boolean; version: string; at: string } | null;
}

export const kbChannel = (prefix: string) => `${prefix}kb:reload`;
export const kbVersionKey = (prefix: string) => `${prefix}kb:version`;

export class KbSync {
  readonly instanceId: string;
  private subscriber: RedisClient | null = null;
  private unlisten: (() => void) | null = null;
  private st: KbSyncState;

  constructor(
    private readonly kb: KnowledgeService,
    private readonly client: RedisClient,
    private readonly prefix: string,
    private readonly log: Logger,
    instanceId?: string,
  ) {
    this.instanceId = instanceId ?? randomUUID();
    this.st = { instanceId: this.instanceId, subscribed: false, lastMessage: null, lastSyncReport: null };
  }

  async start(): Promise<void> {
    // A subscribed connection can run nothing else, hence the dedicated duplicate.
    const sub = this.client.duplicate({ disableOfflineQueue: false }) as RedisClient;
    sub.on("error", (err: Error) => this.log.warn({ err }, "kb sync subscriber error"));
    this.subscriber = sub;
    await sub.connect();
    await sub.subscribe(kbChannel(this.prefix), (raw: string) => {
      // A reload that fails here (this instance's folder briefly missing) must not crash the process.
      this.onMessage(raw).catch((err) => this.log.warn({ err }, "reload requested by another instance failed"));
    });
    this.st.subscribed = true;
    this.unlisten = this.kb.onReload((r, origin) => {
      if (r.ok && origin !== "sync") void this.publish(r.version).catch((err) => this.log.warn({ err }, "kb reload publish failed"));
    });
  }

  /** Tells every instance to reload; returns how many subscribers heard it. */
  async publish(version: string): Promise<number> {
    const msg: KbReloadMessage = { version, from: this.instanceId, at: new Date().toISOString() };
    await this.client.set(kbVersionKey(this.prefix), version);
    return this.client.publish(kbChannel(this.prefix), JSON.stringify(msg));
  }

  clusterVersion(): Promise<string | null> {
    return this.client.get(kbVersionKey(this.prefix));
  }

  state(): KbSyncState {
    return { ...this.st };
  }

  private async onMessage(raw: string): Promise<ReloadReport | null> {
    let msg: KbReloadMessage;
    try {
      msg = JSON.parse(raw) as KbReloadMessage;
    } catch {
      this.log.warn({ raw }, "kb sync: unreadable message ignored");
      return null;
    }
    if (msg.from === this.instanceId) return null;
    this.st.lastMessage = msg;
    const r = await this.kb.reload(undefined, { origin: "sync" });
    this.st.lastSyncReport = { ok: r.ok, version: r.version, at: new Date().toISOString() };
    if (!r.ok) this.log.warn({ wanted: msg.version, serving: r.version, errors: r.errors.slice(0, 5) }, "kb sync: reload rejected, old version keeps serving");
    else if (r.version !== msg.version)
      this.log.warn({ wanted: msg.version, serving: r.version }, "kb sync: this instance's ZWB_KB_DIR differs from the publisher's");
    else this.log.info({ version: r.version, from: msg.from }, "kb sync: reloaded");
    return r;
  }

  async stop(): Promise<void> {
    this.unlisten?.();
    this.unlisten = null;
    const sub = this.subscriber;
    this.subscriber = null;
    this.st.subscribed = false;
    if (sub?.isOpen) await sub.close().catch(() => sub.destroy());
  }
}
