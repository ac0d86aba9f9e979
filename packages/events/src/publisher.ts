import { createHash } from 'node:crypto';
import { Queue, type ConnectionOptions } from 'bullmq';
import { MicroBatcher } from './micro-batcher.js';
import { parseEventFast } from './parse-event-fast.js';
import type { HotlineEvent } from './schema.js';

/** The one BullMQ queue every call, agent and ticket event travels on, in order of emission. */
export const EVENTS_QUEUE = 'call-events';

/** The name of a job carrying several events (`data` is an EventBatch); any other name is one event. */
export const BATCH_JOB = 'batch';

/** What a batch job carries: events in the order they were published. */
export interface EventBatch {
  v: 1;
  events: unknown[];
}

export interface EventPublisher {
  /** Resolves once the event is in Redis (durable on the bus); rejects if it could not be added. */
  publish(event: HotlineEvent): Promise<void>;
  close(): Promise<void>;
}

export interface BatchingOptions {
  /** Most events in one job. */
  maxEvents?: number;
  /** How long the first event of a batch waits for others before its job is added. */
  maxDelayMs?: number;
}

/**
 * The events a job on EVENTS_QUEUE carries: a batch job's list, or the job's own data (one
 * event per job, as published before batching: such jobs may still sit in a queue).
 * Unvalidated: the consumer parses each one on its own, so one bad event spoils only itself.
 */
export function eventsOfJob(name: string, data: unknown): unknown[] {
  if (name !== BATCH_JOB) return [data];
  const events = (data as Partial<EventBatch> | null)?.events;
  if ((data as Partial<EventBatch> | null)?.v !== 1 || !Array.isArray(events)) {
    throw new Error(`malformed batch job: expected {"v":1,"events":[...]}`);
  }
  return events;
}

/**
 * The job id of a batch: its first event's id and a digest of all its ids. Re-adding the same
 * batch is then a no-op in BullMQ, while a different batch that happens to start with the
 * same event (a producer retrying after a timeout, with more events behind it) is not
 * mistaken for it and dropped. (BullMQ refuses ids with one ':', hence the dashes.)
 */
export function batchJobId(events: readonly HotlineEvent[]): string {
  const digest = createHash('sha1');
  for (const e of events) digest.update(e.eventId);
  return `b-${events[0]!.eventId}-${digest.digest('hex').slice(0, 16)}`;
}

/**
 * Publishes events to BullMQ several per job: the events published within `maxDelayMs`
 * (or while the previous job is being added) go out together as one `batch` job, up to
 * `maxEvents`, in publish order. One job per event capped the whole pipeline at the rate
 * BullMQ moves jobs (~10,000/s on the 2-core box, see BENCHMARKS.md).
 */
export class BullmqEventPublisher implements EventPublisher {
  readonly queue: Queue;
  private readonly batcher: MicroBatcher<HotlineEvent>;

  constructor(connection: ConnectionOptions, prefix: string, batching: BatchingOptions = {}) {
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
    // Batches are added one after another, so jobs enter the queue in publish order.
    this.batcher = new MicroBatcher((events) => this.addBatch(events, batchJobId(events)), batching.maxEvents ?? 500, batching.maxDelayMs ?? 2);
  }

  publish(event: HotlineEvent): Promise<void> {
    // Validate at the producer: a bad event is a bug here, not a poison message downstream.
    let valid: HotlineEvent;
    try {
      valid = parseEventFast(event);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.batcher.add(valid);
  }

  /**
   * Adds events as one batch job under the caller's job id, at once (a dead-letter replay:
   * each replay its own job, so a second replay is not taken for the first and skipped).
   */
  async republish(events: readonly HotlineEvent[], jobId: string): Promise<void> {
    await this.addBatch(events.map((e) => parseEventFast(e)), jobId);
  }

  async close(): Promise<void> {
    await this.batcher.drain();
    await this.queue.close();
  }

  private async addBatch(events: readonly HotlineEvent[], jobId: string): Promise<void> {
    const data: EventBatch = { v: 1, events: [...events] };
    await this.queue.add(BATCH_JOB, data, { jobId });
  }
}
