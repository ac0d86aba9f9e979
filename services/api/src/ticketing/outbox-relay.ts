import type { EventPublisher } from '@hotline/events';
import type { Executor } from '../repositories/executor.js';
import { drainOutbox } from '../repositories/outbox-repository.js';

const BATCH = 100;
/** A publish that hangs (Redis unreachable) must not hold the outbox rows' locks for long. */
const PUBLISH_TIMEOUT_MS = 5000;

/** The part of a pino / Fastify logger the relay uses. */
interface WarnLog {
  warn(fields: object, message: string): void;
}

/**
 * Publishes the ticket events written to the outbox: right after each commit (`kick`) and on a
 * timer for whatever failed (Redis down) or was left by a previous process.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly db: Executor,
    private readonly publisher: EventPublisher,
    private readonly log: WarnLog,
    private readonly retryMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), this.retryMs);
    this.timer.unref();
    this.kick();
  }

  /** Drain now; a kick during a drain runs one more drain after it. */
  kick(): void {
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.running = this.drainAll().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.again = false;
    await this.running;
  }

  private async drainAll(): Promise<void> {
    try {
      for (;;) {
        const { published, failed } = await drainOutbox(this.db, BATCH, (event) => withTimeout(this.publisher.publish(event)));
        if (failed !== undefined) {
          this.log.warn(
            { err: failed.error.message, eventId: failed.event.eventId, type: failed.event.type, published },
            'ticket event not published; kept in the outbox for the next attempt',
          );
          return;
        }
        if (published < BATCH) return;
      }
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'ticket event outbox could not be drained; retrying on the timer');
    }
  }
}

async function withTimeout(p: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      p,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer from Redis in ${PUBLISH_TIMEOUT_MS} ms`)), PUBLISH_TIMEOUT_MS))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
