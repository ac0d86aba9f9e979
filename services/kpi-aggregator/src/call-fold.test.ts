import { newEvent } from '@hotline/events';
import { describe, expect, it } from 'vitest';
import { foldCallEvents } from './call-fold.js';

const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 2, 0, s));

describe('foldCallEvents', () => {
  const arrived = newEvent('t', { type: 'call.arrived', callId: 'c1', caller: '138', dialed: '12345', channelId: 'ch' }, at(0));
  const ivr = newEvent('t', { type: 'call.answered', callId: 'c1', party: 'ivr' }, at(1));
  const agent = newEvent('t', { type: 'call.answered', callId: 'c1', party: 'agent', agentId: 'a1', queueId: 'q1', waitMs: 3000 }, at(9));
  const ended = newEvent('t', { type: 'call.ended', callId: 'c1', cause: 'Normal Clearing' }, at(20));

  it('merges a call from its events', () => {
    expect(foldCallEvents([arrived, ivr, agent, ended])).toEqual([
      {
        call_id: 'c1', caller: '138', dialed: '12345', channel_id: 'ch', arrived_at: arrived.at,
        ivr_answered_at: ivr.at, answered_at: agent.at, agent_id: 'a1', queue_id: 'q1', wait_ms: 3000,
        ended_at: ended.at, end_cause: 'Normal Clearing',
      },
    ]);
  });

  it('gives the same row in any order and with duplicates', () => {
    const inOrder = foldCallEvents([arrived, ivr, agent, ended]);
    expect(foldCallEvents([ended, agent, agent, ivr, arrived, ended])).toEqual([
      expect.objectContaining(inOrder[0]),
    ]);
  });

  it('keeps calls apart', () => {
    const other = newEvent('t', { type: 'call.ended', callId: 'c2', cause: 'x' });
    expect(foldCallEvents([arrived, other]).map((r) => r.call_id)).toEqual(['c1', 'c2']);
  });
});
