// The local doors' outbox: pushes to console and HTTP users wait here until the console or
// GET /api/outbox/:user shows them.
import type { Address } from "../../../core/message.ts";
import { PushError, type Pusher } from "../../../core/delivery.ts";

/** The local channel's outbox: pushes wait here until the console or the HTTP channel shows them. */
export class LocalOutbox implements Pusher {
  private readonly items: { to: Address; text: string; at: string }[] = [];
  constructor(private readonly now: () => Date = () => new Date(), private readonly capacity = 10_000) {}

  /** A full outbox refuses loudly (the sender learns the notice did not go out), never drops silently. */
  async push(to: Address, text: string): Promise<void> {
    if (this.items.length >= this.capacity) throw new PushError(`local outbox full (${this.capacity} waiting): nobody collects /api/outbox`, true);
    this.items.push({ to, text, at: this.now().toISOString() });
  }

  get size(): number {
    return this.items.length;
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
