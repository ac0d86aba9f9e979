import type { Redis } from 'ioredis';
import { keys } from './keys.js';

/**
 * What another controller needs to pick up a call that Asterisk kept alive:
 * mirrored to Redis at each step, removed when the call ends.
 */
export interface CallRecord {
  callId: string;
  step: string;
  /** The playback in progress, so a successor can stop it before going on (ARI queues a new one behind it). */
  playbackId?: string;
  arrivedAt: number;
  [field: string]: unknown;
}

export interface CallStore {
  save(record: CallRecord): Promise<void>;
  get(callId: string): Promise<CallRecord | null>;
  delete(callId: string): Promise<void>;
  /** Every call with a record: after a restart, those whose channel is gone ended unseen. */
  ids(): Promise<string[]>;
}

/** A day is far beyond any call; the expiry only cleans up after a crash. */
const TTL_SEC = 24 * 3600;

export class RedisCallStore implements CallStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(callId: string): string {
    return keys.call(this.prefix, callId);
  }

  async save(record: CallRecord): Promise<void> {
    await this.redis.set(this.key(record.callId), JSON.stringify(record), 'EX', TTL_SEC);
  }

  async get(callId: string): Promise<CallRecord | null> {
    const raw = await this.redis.get(this.key(callId));
    return raw ? (JSON.parse(raw) as CallRecord) : null;
  }

  async delete(callId: string): Promise<void> {
    await this.redis.del(this.key(callId));
  }

  async ids(): Promise<string[]> {
    const start = this.key('').length;
    const found = new Set<string>();
    // SCAN, not KEYS: it never blocks Redis for the other controllers and the API.
    for await (const batch of this.redis.scanStream({ match: `${this.key('*')}`, count: 500 }) as AsyncIterable<string[]>) {
      for (const key of batch) found.add(key.slice(start));
    }
    return [...found];
  }
}
