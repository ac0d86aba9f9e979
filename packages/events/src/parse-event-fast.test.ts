import { describe, expect, it } from 'vitest';
import { newEvent } from './new-event.js';
import { parseEventFast } from './parse-event-fast.js';
import { parseEvent } from './schema.js';

describe('parseEventFast', () => {
  it('gives what parseEvent gives', () => {
    const events = [
      newEvent('t', { type: 'call.answered', callId: 'c', party: 'agent', agentId: 'a', queueId: 'q', waitMs: 1 }),
      newEvent('t', { type: 'agent.state_changed', agentId: 'a', from: 'ready', to: 'on_call', callId: 'c' }),
      newEvent('t', { type: 'supervisor.monitor_ended', callId: 'c', supervisorId: 's', mode: 'listen', agentId: null }),
      newEvent('t', { type: 'call.consult_ended', callId: 'c', target: { type: 'agent', agentId: 'b' }, agentId: 'a', outcome: 'completed' }),
      newEvent('t', { type: 'recording.reviewed', callId: 'c', recordingId: 'r', reviewerId: 'q', score: 70 }),
    ];
    for (const e of events) expect(parseEventFast(JSON.parse(JSON.stringify(e)))).toEqual(parseEvent(e));
  });

  it('rejects what parseEvent rejects', () => {
    expect(() => parseEventFast({ type: 'call.arrived', callId: 'bad' })).toThrow();
    expect(() => parseEventFast({ type: 'no.such' })).toThrow();
    expect(() => parseEventFast(null)).toThrow();
  });
});
