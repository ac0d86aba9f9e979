/**
 * Collects items from many concurrent callers and hands them to `flush` in batches (a few
 * statements per batch instead of per item: Postgres writes, BullMQ jobs). Group commit:
 * while a batch is being written, new items wait and go together as the next batch (up to
 * `maxSize`) the moment it is done; an idle batcher waits at most `maxDelayMs` for company.
 * Each caller's promise settles with its batch: a job is acknowledged only once written.
 * `sizeOf` weighs an item (default 1): a whole job's events can go in as one item, one promise,
 * counted as that many towards `maxSize` and never split across batches.
 */
export class MicroBatcher<T> {
  private pending: { item: T; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private pendingSize = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;

  constructor(
    private readonly flushBatch: (items: T[]) => Promise<void>,
    private readonly maxSize = 500,
    private readonly maxDelayMs = 5,
    private readonly sizeOf: (item: T) => number = () => 1,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.pendingSize += this.sizeOf(item);
      if (this.writing) return; // the running batch takes these along when it ends
      if (this.pendingSize >= this.maxSize) this.start();
      else this.timer ??= setTimeout(() => this.start(), this.maxDelayMs);
    });
  }

  /** Writes what is pending and waits until nothing is left. */
  async drain(): Promise<void> {
    this.start();
    while (this.writing) await this.writing;
  }

  private start(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.writing || this.pending.length === 0) return;
    this.writing = this.writeAll().finally(() => {
      this.writing = null;
      // Items added between the last batch's settling and here (callers resumed by it) go now.
      if (this.pending.length > 0) this.start();
    });
  }

  // Batches are written one after another, so events keep their relative order.
  private async writeAll(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.takeBatch();
      try {
        await this.flushBatch(batch.map((p) => p.item));
        for (const p of batch) p.resolve();
      } catch (e) {
        for (const p of batch) p.reject(e);
      }
    }
  }

  /** The oldest pending items up to `maxSize` (at least one, however large). */
  private takeBatch(): typeof this.pending {
    let n = 0;
    let size = 0;
    while (n < this.pending.length) {
      const next = this.sizeOf(this.pending[n]!.item);
      if (n > 0 && size + next > this.maxSize) break;
      size += next;
      n++;
    }
    this.pendingSize -= size;
    return this.pending.splice(0, n);
  }
}
