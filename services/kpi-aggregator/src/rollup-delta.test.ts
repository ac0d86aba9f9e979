import { rollupKeyOf, type CallFact } from '@hotline/kpi';
import { describe, expect, it } from 'vitest';
import { rollupDeltas } from './rollup-delta.js';

const settings = { serviceLevelThresholdsMs: [15_000, 30_000], shortAbandonMs: 0, timeZone: 'Asia/Shanghai' };
const T0 = Date.UTC(2026, 9, 1, 1, 50, 0); // 09:50 local
const base: CallFact = { callId: 'c', arrivedAt: T0, talkMs: 0, holdMs: 0, acwMs: 0 };
const rowsOf = (ds: ReturnType<typeof rollupDeltas>) =>
  Object.fromEntries(ds.map((d) => [`${d.dim}:${d.dimId}@${new Date(d.intervalStart).toISOString()}`, d.counters]));

describe('rollupDeltas', () => {
  it('adds a new call to its queue, agent and all-calls rows of the interval it was queued in', () => {
    const call: CallFact = { ...base, queueId: 'q1', agentId: 'a1', queuedAt: T0 + 11 * 60_000, answeredAt: T0 + 11 * 60_000 + 15_000, talkMs: 60_000 };
    const rows = rowsOf(rollupDeltas([{ before: undefined, after: call }], settings));
    // queued 10:01 local: the 10:00 interval (02:00Z), not the 09:45 one it arrived in
    expect(Object.keys(rows).sort()).toEqual(['agent:a1@2026-10-01T02:00:00.000Z', 'all:@2026-10-01T02:00:00.000Z', 'queue:q1@2026-10-01T02:00:00.000Z']);
    expect(rows['queue:q1@2026-10-01T02:00:00.000Z']).toMatchObject({
      arrived: 1, offered: 1, answered: 1, answeredWithin: { '15000': 1, '30000': 1 }, waitSumMs: 15_000, waitMaxMs: 15_000, talkMs: 60_000, handled: 1,
    });
    expect(rows['all:@2026-10-01T02:00:00.000Z']).toEqual(rows['queue:q1@2026-10-01T02:00:00.000Z']);
  });

  it('moves a call when a late call.queued changes its interval: old counters out, new in', () => {
    const before: CallFact = { ...base, agentId: 'a1', answeredAt: T0 + 20 * 60_000 }; // answered known first, queue not yet
    const after: CallFact = { ...before, queueId: 'q1', queuedAt: T0 + 19 * 60_000 };
    const rows = rowsOf(rollupDeltas([{ before, after }], settings));
    expect(rows['queue:@2026-10-01T01:45:00.000Z']).toMatchObject({ arrived: -1, offered: 0, handled: -1 });
    expect(rows['agent:a1@2026-10-01T01:45:00.000Z']).toMatchObject({ arrived: -1, handled: -1 });
    expect(rows['queue:q1@2026-10-01T02:00:00.000Z']).toMatchObject({ arrived: 1, offered: 1, answered: 1, handled: 1, waitMaxMs: 60_000 });
  });

  it('returns nothing when a call did not change', () => {
    const call: CallFact = { ...base, queueId: 'q1', queuedAt: T0, abandonedAt: T0 + 5000 };
    expect(rollupDeltas([{ before: call, after: { ...call } }], settings)).toEqual([]);
  });

  it('uses the interval of rollupKeyOf, also in a zone with a 45-minute offset', () => {
    for (const timeZone of ['Asia/Shanghai', 'Asia/Kathmandu', 'Australia/Eucla']) {
      for (let i = 0; i < 50; i++) {
        const call: CallFact = { ...base, arrivedAt: T0 + i * 7_919_000 };
        const [d] = rollupDeltas([{ before: undefined, after: call }], { ...settings, timeZone });
        expect(d?.intervalStart).toBe(rollupKeyOf(call, timeZone).intervalStart);
      }
    }
  });
});
