// The vendor doors, started by the composition root only when configured (their SDKs are imported
// only then). Each starts on its own and in the background: a door that fails (broken credentials,
// a missing puppet module, a gateway that is down) is logged, reported in /healthz and retried with
// back-off, while the others and the HTTP door serve. Pushes to a door that is not up yet fail as
// retryable, so they wait on the durable retry queue instead of being lost.
import type { Logger } from "../../core/log.ts";
import type { ChannelName, IncomingMessage, Reply } from "../../core/message.ts";
import { textReply } from "../../core/message.ts";
import { PushError, type Pusher } from "../../core/delivery.ts";
import { backoffMs } from "../../core/pace.ts";
import type { App } from "../app.ts";
import type { Root } from "./index.ts";

/** What /healthz shows for each door. */
export interface DoorHealth {
  state: string;
  lastMessageAt: string | null;
  lastError: string | null;
  reconnects: number;
  /** Start attempts that failed since the door last came up. */
  startFailures?: number;
  alert?: string | null;
  [k: string]: unknown;
}

interface Started {
  pusher: Pusher;
  state(): unknown;
  stop(): Promise<void>;
  /** Only the WeCom door: its callbacks arrive on the bot's HTTP server. */
  handle?: (req: Request) => Promise<Response>;
}

type Starter = (handle: (m: IncomingMessage) => Promise<Reply>, log: Logger) => Promise<Started>;

export interface Doors {
  /** Each configured door's health, for /healthz. */
  states(): Record<string, DoorHealth>;
  /** Resolves once every door has made its first start attempt (tests, start-up log). */
  settled(): Promise<void>;
  /** Routes the vendor doors serve on the bot's HTTP server (WeCom's /wecom/bot). */
  routes: { path: string; handle: (req: Request) => Promise<Response> }[];
  stop(): Promise<void>;
}

export interface DoorOptions {
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Replaces the real starters (tests). */
  starters?: [ChannelName, Starter][];
}

/** Each door's own state, in the common shape (state, last message, last error, reconnects). */
function normalize(name: string, s: Record<string, unknown>): DoorHealth {
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  if (name === "wechat") {
    return { ...s, state: s.loggedIn ? "open" : "logged_out", lastMessageAt: str(s.lastMessageAt), lastError: str(s.lastError), reconnects: Number(s.relogins ?? 0) };
  }
  return {
    ...s,
    state: String(s.status ?? s.state ?? "open"),
    lastMessageAt: str(s.lastMessageAt),
    lastError: str(s.lastError) ?? str(s.lastSendError),
    reconnects: Number(s.reconnects ?? 0),
  };
}

export function configuredStarters(root: Root): [ChannelName, Starter][] {
  const { config } = root;
  const starters: [ChannelName, Starter][] = [];
  if (config.DINGTALK_CLIENT_ID && config.DINGTALK_CLIENT_SECRET)
    starters.push(["dingtalk", async (h, l) => (await import("../channels/dingtalk/index.ts")).startDingTalk({ config, log: l, handle: h })]);
  if (config.WECHATY_PUPPET)
    starters.push(["wechat", async (h, l) => (await import("../channels/wechat/index.ts")).startWeChat({ config, log: l, handle: h, qrOut: process.stderr })]);
  if (config.WECOM_BOT_TOKEN && config.WECOM_BOT_AES_KEY)
    starters.push(["wecom", async (h, l) => (await import("../channels/wecom/index.ts")).startWeCom({ config, log: l, handle: h })]);
  return starters;
}

export function startDoors(root: Root, app: App, o: DoorOptions = {}): Doors {
  const { log } = root;
  // Doors want a Reply for every message; an empty text means "stay silent".
  const handle = async (m: IncomingMessage): Promise<Reply> => (await app.handle(m)) ?? textReply("other", "");
  const starters = o.starters ?? configuredStarters(root);
  const base = o.retryBaseMs ?? 5_000;
  const max = o.retryMaxMs ?? 5 * 60_000;

  interface Slot {
    door?: Started;
    state: "starting" | "failed" | "up" | "stopped";
    error: string | null;
    failures: number;
    timer?: NodeJS.Timeout;
    first: Promise<void>;
  }
  const slots = new Map<ChannelName, Slot>();
  let stopping = false;

  for (const [name, start] of starters) {
    const dlog = log.child({ channel: name });
    let settle!: () => void;
    const slot: Slot = { state: "starting", error: null, failures: 0, first: new Promise((r) => (settle = r)) };
    slots.set(name, slot);
    // Until the door is up, a push to it waits on the retry queue rather than failing for good.
    root.pusher.register(name, {
      async push() {
        throw new PushError(`${name} channel is ${slot.state === "failed" ? "down" : "starting"}${slot.error ? `: ${slot.error}` : ""}`, true);
      },
    });
    const attempt = async (): Promise<void> => {
      if (stopping) return;
      slot.state = "starting";
      try {
        const door = await start(handle, dlog);
        if (stopping) return void (await door.stop().catch(() => {}));
        slot.door = door;
        slot.state = "up";
        slot.failures = 0;
        root.pusher.register(name, door.pusher);
        dlog.info(`${name} 渠道已启动`);
      } catch (err) {
        // One door's broken credentials or missing puppet module must not take the others down.
        slot.state = "failed";
        slot.failures++;
        slot.error = err instanceof Error ? err.message : String(err);
        const delay = backoffMs(slot.failures - 1, base, max, base / 2);
        dlog.error({ err, retryInMs: delay, failures: slot.failures }, `${name} 渠道启动失败，其他渠道照常服务，${Math.round(delay / 1000)} 秒后重试`);
        if (!stopping) slot.timer = setTimeout(() => void attempt(), delay);
      } finally {
        settle();
      }
    };
    void attempt();
  }

  const wecomRoute = async (req: Request): Promise<Response> => {
    const door = slots.get("wecom")?.door;
    if (door?.handle) return door.handle(req);
    return new Response("企业微信通道未启用或正在启动", { status: 503, headers: { "content-type": "text/plain; charset=utf-8" } });
  };

  return {
    states() {
      const out: Record<string, DoorHealth> = {};
      for (const [name, s] of slots) {
        if (s.state === "up" && s.door) out[name] = normalize(name, s.door.state() as Record<string, unknown>);
        else out[name] = { state: s.state, lastMessageAt: null, lastError: s.error, reconnects: 0, startFailures: s.failures };
      }
      return out;
    },
    settled: () => Promise.all([...slots.values()].map((s) => s.first)).then(() => {}),
    routes: slots.has("wecom") ? [{ path: "/wecom/bot", handle: wecomRoute }] : [],
    async stop() {
      stopping = true;
      for (const [name, s] of slots) {
        clearTimeout(s.timer);
        s.state = "stopped";
        await s.door?.stop().catch((err) => log.warn({ err, channel: name }, "channel stop failed"));
      }
    },
  };
}
