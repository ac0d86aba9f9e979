/** Bounds the memory distinct queries can take; the oldest entries go first. */
const MAX_ENTRIES = 1_000;

/**
 * Results by key, each reused for `ttlMs` from when its computation started (so a result is at
 * most `ttlMs` older than the data it read); concurrent requests for a key share one computation.
 * A failed computation is not kept. `ttlMs` 0: every request computes.
 */
export class ReportCache<V> {
  private readonly entries = new Map<string, { startedAt: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries: number = MAX_ENTRIES,
  ) {}

  get(key: string, compute: () => Promise<V>): Promise<V> {
    if (this.ttlMs <= 0) return compute();
    const now = this.now();
    const cached = this.entries.get(key);
    if (cached !== undefined && now - cached.startedAt < this.ttlMs) return cached.value;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.evict(now);
    const entry = { startedAt: now, value: compute() };
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value;
  }

  /** Drops the expired entries, and the oldest ones while still full (a Map iterates in insertion order). */
  private evict(now: number): void {
    for (const [key, e] of this.entries) if (now - e.startedAt >= this.ttlMs) this.entries.delete(key);
    for (const key of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
