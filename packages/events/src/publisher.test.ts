import { describe, expect, it } from 'vitest';
import { newEvent } from './new-event.js';
import { BATCH_JOB, batchJobId, eventsOfJob } from './publisher.js';
import type { HotlineEvent } from './schema.js';

const ev = (callId: string): HotlineEvent => newEvent('t', { type: 'call.ended', callId, cause: 'Normal Clearing' });

describe('eventsOfJob', () => {
  it('gives a batch job its events in order, and an old one-event job its data', () => {
    const [a, b] = [ev('a'), ev('b')];
    expect(eventsOfJob(BATCH_JOB, { v: 1, events: [a, b] })).toEqual([a, b]);
    expect(eventsOfJob('call.ended', a)).toEqual([a]);
  });

  it('refuses a batch job that is not one (the consumer dead-letters it whole)', () => {
    for (const data of [null, {}, { v: 2, events: [] }, { v: 1, events: 'x' }]) expect(() => eventsOfJob(BATCH_JOB, data)).toThrow(/malformed batch job/);
  });
});

describe('batchJobId', () => {
  it('is the same for the same events, and differs when the batch does, even from the same first event', () => {
    const [a, b, c] = [ev('a'), ev('b'), ev('c')];
    expect(batchJobId([a, b])).toBe(batchJobId([a, b]));
    expect(batchJobId([a, b])).not.toBe(batchJobId([a, b, c]));
    expect(batchJobId([a, b])).not.toBe(batchJobId([a, c]));
    expect(batchJobId([a])).toMatch(new RegExp(`^b-${a.eventId}-[0-9a-f]{16}$`));
  });

  it('has no colon (BullMQ refuses custom ids with one)', () => {
    expect(batchJobId([ev('a')])).not.toContain(':');
  });
});
