import { parseEventFast } from '@hotline/events';
import { describe, expect, it } from 'vitest';
import { describeInvalid } from './describe-invalid.js';

function reasonOf(payload: unknown): string {
  try {
    parseEventFast(payload);
  } catch (err) {
    return describeInvalid(err);
  }
  throw new Error('expected a malformed event');
}

describe('describeInvalid', () => {
  it('names each bad field', () => {
    const reason = reasonOf({ type: 'call.arrived', callId: 'c1' });
    expect(reason).toMatch(/^v: /);
    expect(reason).toMatch(/eventId: /);
    expect(reason).toMatch(/caller: /);
  });

  it('says what is wrong with a payload that is not an event at all', () => {
    expect(reasonOf('hello')).toMatch(/^\(event\): /);
  });
});
