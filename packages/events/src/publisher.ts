import { Queue, type ConnectionOptions } from 'bullmq';
import { HotlineEvent } from './schema.js';

/** The one BullMQ queue every call, agent and ticket event travels on, in order of emission. */
export const EVENTS_QUEUE = 'call-events';

export interface EventPublisher {
  publish(event: HotlineEvent): Promise<void>;
  close(): Promise<void>;
}

export class BullmqEventPublisher implements EventPublisher {
  readonly queue: Queue;

  constructor(connection: ConnectionOptions, prefix: string) {
    this.queue = new Queue(EVENTS_QUEUE, {
      connection,
      prefix,
      defaultJobOptions: {
        // Redelivery is safe (the consumer is idempotent on eventId); losing an event is not.
        attempts: 20,
        backoff: { type: 'exponential', delay: 500 },
        removeOnComplete: { age: 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    });
  }

  async publish(event: HotlineEvent): Promise<void> {
    // Validate at the producer: a bad event is a bug here, not a poison message downstream.
    const valid = HotlineEvent.parse(event);
    // jobId = eventId makes a re-publish of the same event a no-op in BullMQ too.
    await this.queue.add(valid.type, valid, { jobId: valid.eventId });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
