import { BATCH_JOB, newEvent } from '@hotline/events';
import { describe, expect, it } from 'vitest';
import { lettersOfExhaustedJob } from './dead-letters.js';

const a = newEvent('t', { type: 'call.ended', callId: 'a', cause: 'x' });
const b = newEvent('t', { type: 'call.ended', callId: 'b', cause: 'x' });
const down = new Error('Connection terminated unexpectedly');

describe('lettersOfExhaustedJob', () => {
  it('is nothing while BullMQ will retry the job', () => {
    expect(lettersOfExhaustedJob({ id: 'j1', name: BATCH_JOB, data: { v: 1, events: [a, b] }, attemptsMade: 19, opts: { attempts: 20 } }, down)).toBeUndefined();
  });

  it('makes each event of a job that failed its last attempt a dead letter, with the last error', () => {
    const letters = lettersOfExhaustedJob({ id: 'j1', name: BATCH_JOB, data: { v: 1, events: [a, b] }, attemptsMade: 20, opts: { attempts: 20 } }, down);
    expect(letters).toEqual([
      { source: 'j1#0', payload: a, reason: 'failed after 20 attempts: Connection terminated unexpectedly' },
      { source: 'j1#1', payload: b, reason: 'failed after 20 attempts: Connection terminated unexpectedly' },
    ]);
  });

  it('reads an old one-event job, and keeps a job whose data is no batch whole', () => {
    expect(lettersOfExhaustedJob({ id: 'e1', name: 'call.ended', data: a, attemptsMade: 1, opts: {} }, down)?.map((l) => l.source)).toEqual(['e1#0']);
    expect(lettersOfExhaustedJob({ id: 'j2', name: BATCH_JOB, data: { v: 9 }, attemptsMade: 3, opts: { attempts: 3 } }, down)).toEqual([
      { source: 'j2#job', payload: { v: 9 }, reason: 'failed after 3 attempts: Connection terminated unexpectedly' },
    ]);
  });
});
