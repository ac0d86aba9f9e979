import { newEvent } from '@hotline/events';
import { describe, expect, it } from 'vitest';
import { callFactOf, foldCallEvents } from './call-fold.js';

const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 2, 0, s));
const ms = (s: number) => at(s).getTime();

describe('foldCallEvents', () => {
  const arrived = newEvent('t', { type: 'call.arrived', callId: 'c1', caller: '138', dialed: '12345', channelId: 'ch' }, at(0));
  const ivr = newEvent('t', { type: 'call.answered', callId: 'c1', party: 'ivr' }, at(1));
  const queued = newEvent('t', { type: 'call.queued', callId: 'c1', queueId: 'q1', skill: 's', priority: 0 }, at(5));
  const offered = newEvent('t', { type: 'call.offered', callId: 'c1', queueId: 'q1', agentId: 'a1', attempt: 1 }, at(6));
  const agent = newEvent('t', { type: 'call.answered', callId: 'c1', party: 'agent', agentId: 'a1', queueId: 'q1', waitMs: 4000 }, at(9));
  const unheld = newEvent('t', { type: 'call.unheld', callId: 'c1', agentId: 'a1', holdMs: 3000 }, at(15));
  const survey = newEvent('t', { type: 'survey.answered', callId: 'c1', agentId: 'a1', result: 'satisfied' }, at(40));
  const ended = newEvent('t', { type: 'call.ended', callId: 'c1', cause: 'Normal Clearing' }, at(39));
  const all = [arrived, ivr, queued, offered, agent, unheld, ended, survey];

  it('merges a call from its events', () => {
    const row = foldCallEvents(all).get('c1');
    expect(row).toMatchObject({
      caller: '138', arrived_at: ms(0), ivr_answered_at: ms(1), queued_at: ms(5), queue_id: 'q1', offered_at: ms(6), offers: 1,
      answered_at: ms(9), agent_id: 'a1', wait_ms: 4000, hold_ms: 3000, ended_at: ms(39), survey: 'satisfied',
      // talk = 39 - 9 s connected, minus 3 s on hold
      talk_ms: 27_000,
    });
    expect(callFactOf(row!)).toMatchObject({ arrivedAt: ms(0), queuedAt: ms(5), answeredAt: ms(9), talkMs: 27_000, holdMs: 3000 });
  });

  it('a transfer: the second agent leg never replaces the first answer, in any order; a QA review marks the call reviewed', () => {
    const second = newEvent('t', { type: 'call.answered', callId: 'c1', party: 'agent', agentId: 'a2', queueId: 'q2', waitMs: 20_000 }, at(25));
    const stored = newEvent('t', { type: 'recording.stored', callId: 'c1', recordingId: 'r1', agentId: 'a2', path: 'c1.wav', durationMs: 30_000, sampleRate: 8000, channels: 2, sha256: 'a'.repeat(64) }, at(41));
    const review = newEvent('t', { type: 'recording.reviewed', callId: 'c1', recordingId: 'r1', reviewerId: 'qa1', score: 90 }, at(99));
    for (const order of [[...all, second, stored, review], [review, second, stored, ...all].reverse(), [second, review, ...all, stored]]) {
      const row = foldCallEvents(order).get('c1')!;
      expect(row).toMatchObject({ answered_at: ms(9), agent_id: 'a1', wait_ms: 4000, queue_id: 'q1', recorded: true, reviewed: true });
      expect(callFactOf(row)).toMatchObject({ answeredAt: ms(9), waitMs: 4000, reviewed: true });
    }
  });

  it('gives the same row in any order', () => {
    const inOrder = foldCallEvents(all).get('c1');
    expect(foldCallEvents([...all].reverse()).get('c1')).toEqual(inOrder);
    expect(foldCallEvents([survey, agent, ended, queued, unheld, arrived, offered, ivr]).get('c1')).toEqual(inOrder);
  });

  it('continues from the stored row (a later batch)', () => {
    const first = foldCallEvents([agent, ended]);
    expect(foldCallEvents([arrived, queued, unheld, survey, ivr, offered], first).get('c1')).toEqual(foldCallEvents(all).get('c1'));
  });

  it('keeps the earliest queue entry when an overflow re-queues', () => {
    const overflow = newEvent('t', { type: 'call.queued', callId: 'c1', queueId: 'q2', skill: 's', priority: 0 }, at(7));
    expect(foldCallEvents([overflow, queued]).get('c1')).toMatchObject({ queued_at: ms(5), queue_id: 'q1' });
  });

  it('stands the earliest event in for a missing arrival', () => {
    expect(callFactOf(foldCallEvents([ended, agent]).get('c1')!).arrivedAt).toBe(ms(9));
  });

  it('keeps calls apart', () => {
    const other = newEvent('t', { type: 'call.ended', callId: 'c2', cause: 'x' });
    expect([...foldCallEvents([arrived, other]).keys()]).toEqual(['c1', 'c2']);
  });
});
