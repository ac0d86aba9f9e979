import { describe, expect, it } from 'vitest';
import { censusOf } from './live-census.js';

describe('censusOf', () => {
  it('counts calls per step, waiting callers per queue (every configured queue listed) and agents per status', () => {
    const census = censusOf(
      [
        { step: 'ivr' },
        { step: 'queued', queueId: 'general' },
        { step: 'queued', queueId: 'general' },
        { step: 'queued', queueId: 'renamed' },
        { step: 'talking', queueId: 'complaint' },
      ],
      ['ready', 'ready', 'on_call', 'break'],
      ['general', 'complaint'],
    );
    expect(census.callsByStep).toEqual({ ivr: 1, queued: 3, talking: 1 });
    expect(census.waitingByQueue).toEqual({ general: 2, complaint: 0, renamed: 1 });
    expect(census.agentsByStatus).toEqual({ signed_out: 0, ready: 2, not_ready: 0, reserved: 0, on_call: 1, wrap_up: 0, break: 1 });
  });
});
