import { emptyVoiceCounters, resolveVoiceSettings } from '@hotline/kpi';
import { describe, expect, it } from 'vitest';
import { liveViewOf } from './live-view.js';

const settings = { ...resolveVoiceSettings({}), noAnswerCountsAsSatisfied: false, waitingAlert: 5, serviceLevelTarget: 0.96 };
const now = Date.UTC(2026, 10, 25, 2, 0, 0);
const waiting = (n: number, queueId: string, oldestSec: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${queueId}-${i}`, JSON.stringify({ queueId, queuedAt: now - (i === 0 ? oldestSec : 1) * 1000 })]));

describe('liveViewOf', () => {
  it('counts callers per queue, the longest wait and agents per state', () => {
    const v = liveViewOf(
      { waiting: { ...waiting(2, 'q1', 40), ...waiting(1, 'q2', 5) }, agents: { a1: '{"state":"ready","since":0}', a2: '{"state":"on_call","since":0}', a3: '{"state":"ready","since":0}' } },
      emptyVoiceCounters([15_000, 30_000]),
      '2026-11-25',
      settings,
      now,
    );
    expect(v.queues).toEqual([{ queueId: 'q1', waiting: 2, longestWaitMs: 40_000 }, { queueId: 'q2', waiting: 1, longestWaitMs: 5000 }]);
    expect(v.waitingTotal).toBe(3);
    expect(v.longestWaitMs).toBe(40_000);
    expect(v.agents).toEqual({ ready: 2, on_call: 1 });
    // no offered call today: no rate, no alert
    expect(v.today.answerRate).toBeNull();
    expect(v.alerts).toEqual([]);
  });

  it('alerts above 5 waiting (not at 5) and under the 15 s target', () => {
    const today = { ...emptyVoiceCounters([15_000, 30_000]), arrived: 100, offered: 100, answered: 96, answeredWithin: { '15000': 95, '30000': 96 } };
    const v = liveViewOf({ waiting: { ...waiting(6, 'q1', 10), ...waiting(5, 'q2', 10) }, agents: {} }, today, '2026-11-25', settings, now);
    expect(v.alerts.map((a) => [a.kind, a.queueId])).toEqual([['queue_waiting', 'q1'], ['service_level', undefined]]);
    expect(v.today).toMatchObject({ offered: 100, answered: 96, answerRate: 0.96, serviceLevels: [{ thresholdSec: 15, value: 0.95 }, { thresholdSec: 30, value: 0.96 }] });
    // exactly at target: no service-level alert
    const atTarget = liveViewOf({ waiting: {}, agents: {} }, { ...today, answeredWithin: { '15000': 96, '30000': 96 } }, '2026-11-25', settings, now);
    expect(atTarget.alerts).toEqual([]);
  });
});
