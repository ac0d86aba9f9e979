import { FileSpool } from './file-spool.js';
import type { EventPublisher } from './publisher.js';
import { HotlineEvent } from './schema.js';

/** The part of a pino logger the spool uses. */
export interface SpoolLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface SpoolingOptions {
  /** This publisher's own directory (one per process: a second process is refused). */
  dir: string;
  /** A publish that takes longer counts as failed: Redis unreachable must not hold up a call. */
  publishTimeoutMs?: number;
  /** While the event bus stays unreachable, the replay tries again this often. */
  retryMs?: number;
  /** Events read from disk per replay step. */
  replayBatch?: number;
  log?: SpoolLog;
}

const silent: SpoolLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Wraps an EventPublisher that keeps the order of the publishes it is given (BullmqEventPublisher does) so that no event is lost while it is unreachable: a publish that
 * fails or times out goes to a local append-only spool (fsync'd before publish() resolves),
 * and so does every later event while the spool is not empty. A replay loop publishes the
 * spool oldest first, retrying until the bus answers, then switches back to direct
 * publishing: the order in which events were published is the order they reach the bus.
 * A crash mid-replay republishes at most the last step's events; the consumer is idempotent
 * on eventId (and BullMQ's jobId = eventId), so duplicates are harmless.
 */
export class SpoolingPublisher implements EventPublisher {
  private spooling = false;
  private closed = false;
  private replaying: Promise<void> = Promise.resolve();
  private replayRunning = false;
  private wake: (() => void) | null = null;
  private outageStartedAt = 0;
  private readonly timeoutMs: number;
  private readonly retryMs: number;
  private readonly batch: number;
  private readonly log: SpoolLog;

  private constructor(
    private readonly inner: EventPublisher,
    private readonly spool: FileSpool<HotlineEvent>,
    opts: SpoolingOptions,
  ) {
    this.timeoutMs = opts.publishTimeoutMs ?? 1000;
    this.retryMs = opts.retryMs ?? 1000;
    this.batch = opts.replayBatch ?? 200;
    this.log = opts.log ?? silent;
  }

  /** Opens the spool; events an earlier run left in it are replayed first. */
  static async open(inner: EventPublisher, opts: SpoolingOptions): Promise<SpoolingPublisher> {
    const publisher = new SpoolingPublisher(inner, await FileSpool.open<HotlineEvent>(opts.dir), opts);
    const left = publisher.spool.undelivered;
    if (left > 0) {
      publisher.log.warn({ spooled: left, dir: opts.dir }, 'events left in the spool by an earlier run; replaying them first');
      publisher.enterSpooling();
    }
    return publisher;
  }

  /** Events on disk waiting for the bus (0 when publishing directly). */
  get spooled(): number {
    return this.spool.undelivered;
  }

  /** False from the first failed publish until the spool is replayed. */
  get direct(): boolean {
    return !this.spooling;
  }

  async publish(event: HotlineEvent): Promise<void> {
    if (this.closed) throw new Error('event publisher is closed');
    if (!this.spooling) {
      try {
        await withTimeout(this.inner.publish(event), this.timeoutMs);
        return;
      } catch (err) {
        // A bad event is a bug at the producer, not an outage: it must not reach the spool.
        const checked = HotlineEvent.safeParse(event);
        if (!checked.success) throw checked.error;
        if (!this.spooling) {
          this.log.warn({ err: (err as Error).message, dir: this.spool.dir }, 'event bus unreachable; spooling events to disk until it answers');
          this.enterSpooling();
        }
      }
    }
    await this.spool.append(HotlineEvent.parse(event));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.replaying;
    if (this.spool.undelivered > 0) this.log.warn({ spooled: this.spool.undelivered, dir: this.spool.dir }, 'closing with events in the spool; the next start replays them');
    await this.spool.close();
    await this.inner.close();
  }

  private enterSpooling(): void {
    this.spooling = true;
    this.outageStartedAt = Date.now();
    if (this.replayRunning) return;
    this.replayRunning = true;
    this.replaying = this.replay().catch((err: unknown) => {
      // The spool file itself failed (disk): keep appending; the next start replays it.
      this.log.error({ err: (err as Error).message, dir: this.spool.dir }, 'event spool replay stopped');
    });
  }

  private async replay(): Promise<void> {
    let replayed = 0;
    while (!this.closed) {
      const { items, ends } = await this.spool.read(this.batch);
      if (items.length === 0) {
        if (this.spool.undelivered > 0) continue; // an append still being written: read again behind it
        // Nothing left and nothing on its way: later events go straight to the bus again.
        this.spooling = false;
        this.log.info({ replayed, outageMs: Date.now() - this.outageStartedAt }, 'event spool replayed; publishing directly again');
        await this.spool.reset();
        if (this.spooling) continue; // the bus failed again meanwhile: those events are behind the reset
        this.replayRunning = false;
        return;
      }
      // One step's events go out together: the inner publisher keeps the order of publishes it is
      // given (BullmqEventPublisher batches them in call order), without a round trip per event.
      const results = await Promise.allSettled(items.map((event) => withTimeout(this.inner.publish(event), this.timeoutMs)));
      let sent = 0;
      let failure: unknown = null;
      for (const [i, result] of results.entries()) {
        if (result.status === 'rejected') {
          const event = items[i]!;
          if (HotlineEvent.safeParse(event).success) {
            failure = result.reason;
            break; // this one and those after it are published again on the next attempt
          }
          // Spooled by an older build whose schema this one no longer accepts: it would block the spool forever.
          this.log.error({ eventId: event.eventId, type: event.type }, 'spooled event no longer valid; dropped');
        }
        sent++;
      }
      if (sent > 0) await this.spool.markDelivered(ends[sent - 1]!, sent);
      replayed += sent;
      if (failure !== null) await this.sleep(this.retryMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** How many times a publish's timeout starts over because this process itself was stalled. */
const STALL_RESTARTS = 5;

/**
 * Rejects when `p` has not settled within `ms` of this process being able to run. A timer that
 * fires late by more than half its time means the event loop was blocked: a reply that arrived
 * meanwhile is still unread in the socket (timers run before I/O), so the wait starts over rather
 * than calling the bus unreachable. Under load, event-loop stalls of 1.2-11.8 s were taken for
 * outages and sent events to the disk spool for up to 106 s (BENCHMARKS.md run 34).
 */
async function withTimeout(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        let restarts = 0;
        const arm = () => {
          const due = performance.now() + ms;
          timer = setTimeout(() => {
            const stalled = performance.now() - due > ms / 2;
            if (stalled && restarts++ < STALL_RESTARTS) arm();
            else reject(new Error(`no answer in ${ms} ms`));
          }, ms);
        };
        arm();
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
