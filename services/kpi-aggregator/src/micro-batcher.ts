/**
 * Collects items from many concurrent callers and hands them to `flush` in batches
 * (by size or after `maxDelayMs`), so Postgres sees one round trip per batch.
 * Each caller's promise settles with its batch: a job is acknowledged only once written.
 */
export class MicroBatcher<T> {
  private items: T[] = [];
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly flushBatch: (items: T[]) => Promise<void>,
    private readonly maxSize = 500,
    private readonly maxDelayMs = 5,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.items.push(item);
      this.waiters.push({ resolve, reject });
      if (this.items.length >= this.maxSize) this.flushNow();
      else this.timer ??= setTimeout(() => this.flushNow(), this.maxDelayMs);
    });
  }

  /** Flushes what is pending and waits for every batch in flight. */
  async drain(): Promise<void> {
    this.flushNow();
    await this.inFlight;
  }

  private flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.items.length === 0) return;
    const items = this.items;
    const waiters = this.waiters;
    this.items = [];
    this.waiters = [];
    // Batches are written one after another, so events keep their relative order.
    this.inFlight = this.inFlight.then(() =>
      this.flushBatch(items).then(
        () => waiters.forEach((w) => w.resolve()),
        (e: unknown) => waiters.forEach((w) => w.reject(e)),
      ),
    );
  }
}
