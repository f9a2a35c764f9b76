// The local doors' outbox: pushes to console and HTTP users wait here until the console or
// GET /api/outbox/:user shows them.
import type { Address } from "../../../core/message.ts";
import type { Pusher } from "../../../core/delivery.ts";

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
