// The Delivery port: each door implements sending a proactive message to one address; the router
// sends each push to the door of its address's channel.
import type { Address, ChannelName } from "./message.ts";

export interface Pusher {
  push(to: Address, text: string): Promise<void>;
}

export class PushError extends Error {
  constructor(message: string, readonly retryable = true) {
    super(message);
    this.name = "PushError";
  }
}

/** Routes each push to the pusher of the address's channel. */
export class ChannelPusher implements Pusher {
  private readonly byChannel = new Map<ChannelName, Pusher>();

  register(channel: ChannelName, pusher: Pusher): void {
    this.byChannel.set(channel, pusher);
  }

  has(channel: ChannelName): boolean {
    return this.byChannel.has(channel);
  }

  /** A channel that is not running fails loudly: a notice quietly parked elsewhere is a notice lost. */
  async push(to: Address, text: string): Promise<void> {
    const p = this.byChannel.get(to.channel);
    if (!p) throw new PushError(`channel ${to.channel} is not running (no credentials configured)`, false);
    await p.push(to, text);
  }
}
