// The vendor doors, started by the composition root only when configured (their SDKs are imported
// only then). Each starts on its own: a door that fails is logged, reported in /healthz and retried
// later by a restart of that door alone, while the others serve.
import type { Logger } from "../../core/log.ts";
import type { ChannelName, IncomingMessage, Reply } from "../../core/message.ts";
import { textReply } from "../../core/message.ts";
import type { Pusher } from "../../core/delivery.ts";
import type { App } from "../app.ts";
import type { Root } from "./index.ts";

export interface DoorState {
  state: string;
  error?: string;
  [k: string]: unknown;
}

interface RunningDoor {
  state(): DoorState;
  stop(): Promise<void>;
}

export interface Doors {
  /** Each configured door's state, for /healthz. */
  states(): Record<string, DoorState>;
  stop(): Promise<void>;
}

type Starter = (handle: (m: IncomingMessage) => Promise<Reply>, log: Logger) => Promise<{ pusher: Pusher; state(): unknown; stop(): Promise<void> }>;

export async function startDoors(root: Root, app: App): Promise<Doors> {
  const { config, log } = root;
  // Doors want a Reply for every message; an empty text means "stay silent".
  const handle = async (m: IncomingMessage): Promise<Reply> => (await app.handle(m)) ?? textReply("other", "");
  const starters: [ChannelName, Starter][] = [];
  if (config.DINGTALK_CLIENT_ID && config.DINGTALK_CLIENT_SECRET)
    starters.push(["dingtalk", async (h, l) => (await import("../channels/dingtalk/index.ts")).startDingTalk({ config, log: l, handle: h })]);
  if (config.WECHATY_PUPPET)
    starters.push(["wechat", async (h, l) => (await import("../channels/wechat/index.ts")).startWeChat({ config, log: l, handle: h, qrOut: process.stderr })]);

  const running = new Map<string, RunningDoor>();
  for (const [name, start] of starters) {
    const dlog = log.child({ channel: name });
    try {
      const door = await start(handle, dlog);
      root.pusher.register(name, door.pusher);
      running.set(name, { state: () => door.state() as DoorState, stop: () => door.stop() });
    } catch (err) {
      // One door's broken credentials or missing puppet module must not take the others down.
      const message = err instanceof Error ? err.message : String(err);
      dlog.error({ err }, `${name} 渠道启动失败，其他渠道照常服务`);
      running.set(name, { state: () => ({ state: "failed", error: message }), stop: async () => {} });
    }
  }
  return {
    states: () => Object.fromEntries([...running].map(([k, d]) => [k, d.state()])),
    async stop() {
      for (const [name, d] of running) await d.stop().catch((err) => log.warn({ err, channel: name }, "channel stop failed"));
    },
  };
}
