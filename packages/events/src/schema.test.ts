import { describe, expect, it } from 'vitest';
import { newEvent } from './new-event.js';
import { parseEvent, SCHEMA_VERSION } from './schema.js';

describe('event contract', () => {
  it('stamps version, id and time', () => {
    const e = newEvent('test', { type: 'call.arrived', callId: 'c1', caller: '13800000000', dialed: '12345', channelId: 'ch1' });
    expect(e.v).toBe(SCHEMA_VERSION);
    expect(e.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(parseEvent(e)).toEqual(e);
  });

  it('accepts both kinds of answer', () => {
    expect(parseEvent(newEvent('t', { type: 'call.answered', callId: 'c', party: 'ivr' })).type).toBe('call.answered');
    const agent = newEvent('t', { type: 'call.answered', callId: 'c', party: 'agent', agentId: 'a1', queueId: 'q', waitMs: 3000 });
    expect(parseEvent(agent)).toMatchObject({ party: 'agent', waitMs: 3000 });
  });

  it('rejects an unknown type, a wrong version and a missing field', () => {
    const ok = newEvent('t', { type: 'call.ended', callId: 'c', cause: 'Normal Clearing' });
    expect(() => parseEvent({ ...ok, type: 'call.exploded' })).toThrow();
    expect(() => parseEvent({ ...ok, v: 99 })).toThrow();
    const { cause: _cause, ...missing } = ok;
    expect(() => parseEvent(missing)).toThrow(/cause/);
    expect(() => parseEvent({ ...ok, at: 'yesterday' })).toThrow();
  });

  it('transfer steps and QA reviews are call events with their fields checked', () => {
    const consult = newEvent('t', { type: 'call.consult_ended', callId: 'c', target: { type: 'external', number: '110' }, agentId: 'a1', outcome: 'cancelled' });
    expect(parseEvent(consult)).toMatchObject({ outcome: 'cancelled' });
    expect(() => parseEvent({ ...consult, outcome: 'exploded' })).toThrow();
    const review = newEvent('t', { type: 'recording.reviewed', callId: 'c', recordingId: 'r1', reviewerId: 'qa1', score: 80 });
    expect(parseEvent(review)).toMatchObject({ recordingId: 'r1', score: 80 });
    expect(() => parseEvent({ ...review, score: 101 })).toThrow();
  });

  it('rejects an agent answer without its wait', () => {
    expect(() => parseEvent({ ...newEvent('t', { type: 'call.answered', callId: 'c', party: 'ivr' }), party: 'agent', agentId: 'a' })).toThrow();
  });
});
