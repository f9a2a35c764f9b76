// Pacing and retry for platform APIs that answer bursts with rate-limit errors (DingTalk 403
// QpsLimitForApi, WeCom 45009). Reminder passes send in bursts; pacing keeps them under the
// documented limit instead of learning it from errors.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * At most `perSecond` starts in any rolling second, in call order. A caller waits for its slot;
 * nothing is dropped.
 */
export class Pacer {
  private readonly starts: number[] = [];
  private chain: Promise<void> = Promise.resolve();
  constructor(private readonly perSecond: number) {}

  /** Resolves when the caller may start its request. */
  slot(): Promise<void> {
    const next = this.chain.then(() => this.take());
    this.chain = next.catch(() => {});
    return next;
  }

  private async take(): Promise<void> {
    if (this.perSecond <= 0) return;
    for (;;) {
      const now = Date.now();
      while (this.starts.length && now - this.starts[0]! >= 1000) this.starts.shift();
      if (this.starts.length < this.perSecond) {
        this.starts.push(now);
        return;
      }
      await sleep(1000 - (now - this.starts[0]!) + 1);
    }
  }
}

/** Exponential back-off with jitter: base·2^attempt, at most `max`, never below `min`. */
export function backoffMs(attempt: number, base: number, max: number, min = 0): number {
  const ceiling = Math.min(max, base * 2 ** attempt);
  return Math.max(min, Math.round(ceiling / 2 + Math.random() * (ceiling / 2)));
}
