// The Pusher port: each channel implements sending a proactive message to one user.
import type { Address, ChannelName } from "../bot/message.ts";

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

/** The local channel's outbox: pushes wait here until the console or the HTTP channel shows them. */
export class LocalOutbox implements Pusher {
  private readonly items: { to: Address; text: string; at: string }[] = [];
  constructor(private readonly now: () => Date = () => new Date()) {}

  async push(to: Address, text: string): Promise<void> {
    this.items.push({ to, text, at: this.now().toISOString() });
    if (this.items.length > 10_000) this.items.splice(0, this.items.length - 10_000);
  }

  /** Removes and returns the pushes for one user (all users when userId is omitted). */
  drain(userId?: string): { to: Address; text: string; at: string }[] {
    const out: { to: Address; text: string; at: string }[] = [];
    for (let i = 0; i < this.items.length; ) {
      if (userId === undefined || this.items[i].to.userId === userId) out.push(...this.items.splice(i, 1));
      else i++;
    }
    return out;
  }
}
