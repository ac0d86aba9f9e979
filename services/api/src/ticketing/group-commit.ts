/** How many writes may be in flight at once and how many items one may carry. */
export interface GroupCommitOptions {
  readonly maxInFlight: number;
  readonly maxBatch: number;
}

interface Waiting<I, O> {
  readonly item: I;
  readonly resolve: (out: O) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Group commit: items submitted in the same event-loop turn, or while every allowed write is in
 * flight, go out together in the next write (for tickets: one statement, one transaction, one
 * WAL flush), and each submitter still gets its own result or its own error. An idle writer adds
 * no wait beyond the turn (setImmediate); under load the batches grow by themselves.
 *
 * `write` must return one result per item, in order, and be atomic: all items stored or none.
 * When a write of several items fails, each is written again alone, one after the other, so a
 * row the database refuses fails only its own submitter.
 */
export class GroupCommit<I, O> {
  private queue: Waiting<I, O>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly write: (items: readonly I[]) => Promise<readonly O[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0 || this.inFlight >= this.options.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.queue.length === 0 || this.inFlight >= this.options.maxInFlight) return;
    const batch = this.queue.length <= this.options.maxBatch ? this.queue : this.queue.slice(0, this.options.maxBatch);
    this.queue = batch === this.queue ? [] : this.queue.slice(batch.length);
    this.inFlight += 1;
    void this.run(batch).finally(() => {
      this.inFlight -= 1;
      this.schedule();
    });
    // More than one batch waiting: the next goes out in a write of its own if one is allowed.
    this.schedule();
  }

  private async run(batch: readonly Waiting<I, O>[]): Promise<void> {
    try {
      const out = await this.write(batch.map((w) => w.item));
      if (out.length !== batch.length) throw new Error(`group commit: ${out.length} results for ${batch.length} items`);
      batch.forEach((w, i) => w.resolve(out[i] as O));
      return;
    } catch (err) {
      if (batch.length === 1) {
        batch[0]?.reject(err);
        return;
      }
    }
    for (const w of batch) {
      try {
        const [out] = await this.write([w.item]);
        w.resolve(out as O);
      } catch (err) {
        w.reject(err);
      }
    }
  }
}
