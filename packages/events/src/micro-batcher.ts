/** How a MicroBatcher cuts and runs batches beyond its size and delay. */
export interface MicroBatcherOptions<T> {
  /** An item's weight towards `maxSize` (default 1): a job's events can go in as one item, never split. */
  sizeOf?: (item: T) => number;
  /**
   * Batches flushed at once (default 1). With 2, a full batch starts while the previous one is
   * still being written, so the flush can prepare it meanwhile; the flush keeps their order.
   */
  concurrency?: number;
}

/**
 * Collects items from many concurrent callers and hands them to `flush` in batches (a few
 * statements per batch instead of per item: Postgres writes, BullMQ jobs). Group commit:
 * while a batch is being written, new items wait and go together as the next batch (up to
 * `maxSize`) the moment it is done; an idle batcher waits at most `maxDelayMs` for company.
 * Each caller's promise settles with its batch: a job is acknowledged only once written.
 */
export class MicroBatcher<T> {
  private pending: { item: T; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private pendingSize = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly writing = new Set<Promise<void>>();
  private readonly sizeOf: (item: T) => number;
  private readonly concurrency: number;

  constructor(
    private readonly flushBatch: (items: T[]) => Promise<void>,
    private readonly maxSize = 500,
    private readonly maxDelayMs = 5,
    options: MicroBatcherOptions<T> = {},
  ) {
    this.sizeOf = options.sizeOf ?? (() => 1);
    this.concurrency = options.concurrency ?? 1;
  }

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.pendingSize += this.sizeOf(item);
      if (this.pendingSize >= this.maxSize) this.start();
      // else the running batch takes these along when it ends, or a lone item waits a little for company
      else if (this.writing.size === 0) this.timer ??= setTimeout(() => this.start(), this.maxDelayMs);
    });
  }

  /** Writes what is pending and waits until nothing is left. */
  async drain(): Promise<void> {
    this.start();
    while (this.writing.size > 0) await Promise.all(this.writing);
  }

  private start(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.writing.size >= this.concurrency || this.pending.length === 0) return;
    const batch = this.takeBatch();
    const written: Promise<void> = this.flushBatch(batch.map((p) => p.item)).then(
      () => batch.forEach((p) => p.resolve()),
      (e: unknown) => batch.forEach((p) => p.reject(e)),
    );
    const running = written.finally(() => {
      this.writing.delete(running);
      // Items added while it ran (callers resumed by it included) go now.
      this.start();
    });
    this.writing.add(running);
    // A second full batch may start at once (concurrency > 1).
    if (this.pendingSize >= this.maxSize) this.start();
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
