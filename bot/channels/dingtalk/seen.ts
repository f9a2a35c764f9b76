// Dedupe memory for redelivered callbacks: bounded in time (TTL) and in size (oldest out).
/** Remembers keys for a while, oldest first out; Map keeps insertion order. */
export class SeenSet {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
  ) {}

  /** True when the key was already seen (and still remembered); records it otherwise. */
  check(key: string, now = Date.now()): boolean {
    const exp = this.seen.get(key);
    if (exp !== undefined && exp > now) return true;
    this.seen.delete(key);
    for (const [k, e] of this.seen) {
      if (e > now && this.seen.size < this.max) break;
      this.seen.delete(k);
    }
    this.seen.set(key, now + this.ttlMs);
    return false;
  }

  get size(): number {
    return this.seen.size;
  }
}
