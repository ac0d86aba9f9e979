import { describe, expect, it } from 'vitest';
import type { CallFact } from './call-fact.js';
import { toKpiSet } from './kpi-set.js';
import { count, ratio } from './kpi-value.js';
import { parsePreset } from './preset-schema.js';
import { ScorecardInputError, scoreMonth } from './score-month.js';
import { EMPTY_TICKET_COUNTERS } from './ticket-counters.js';
import { ticketKpis } from './ticket-kpis.js';
import { countersOf, sumCounters } from './voice-counters.js';
import { voiceKpis } from './voice-kpis.js';
import { DEFAULT_VOICE_SETTINGS } from './voice-settings.js';

const preset = parsePreset({
  id: 'test-site',
  name: 'Test site',
  source: 'test',
  maxPoints: 20,
  items: [
    { id: 'answer-rate', label: 'Answer rate', points: 10, rule: { kind: 'linear', kpi: 'answerRate', target: 0.95, perPointBelow: 1 } },
    { id: 'late-dispatch', label: 'Late dispatch', points: 3, allowAdjustments: true, rule: { kind: 'per_event_deduction', events: ['lateDispatches'], perEvent: 0.5 } },
    { id: 'attire', label: 'Attire', points: 2, rule: { kind: 'manual' } },
    { id: 'praise', label: 'Praise', points: 0, rule: { kind: 'manual', start: 0, min: -3, max: 3 } },
    { id: 'third', label: 'A third', points: 5, rule: { kind: 'linear', kpi: 'fcr', target: 0.8, perPointBelow: 1 } },
  ],
  outcome: { kind: 'none' },
});
const kpis = { answerRate: ratio(94, 100), lateDispatches: count(1, 50), fcr: ratio(2, 3) };
const adj = (itemId: string, points: number, reason = 'seen on the floor') => ({ itemId, points, reason, author: 'supervisor-7', at: 1 });

describe('scoreMonth', () => {
  it('lists every item with value, target, rule, points and evidence', () => {
    const r = scoreMonth(preset, kpis);
    expect(r.items.map((i) => i.itemId)).toEqual(['answer-rate', 'late-dispatch', 'attire', 'praise', 'third']);
    expect(r.items[0]).toMatchObject({
      itemId: 'answer-rate',
      kpi: 'answerRate',
      value: 0.94,
      unit: 'ratio',
      target: 0.95,
      ruleKind: 'linear',
      points: 9,
      computedPoints: 9,
      maxPoints: 10,
      evidenceKind: 'calls',
      evidence: [{ kpi: 'answerRate', value: { numerator: 94, denominator: 100 } }],
      adjustments: [],
      noData: false,
    });
    expect(r.items[0]?.rule).toContain('-1 per percentage point below');
    expect(r.items[1]).toMatchObject({ kpi: 'lateDispatches', value: 1, target: 0, points: 2.5, evidenceKind: 'tickets' });
    expect(r.items[2]).toMatchObject({ kpi: null, value: null, target: null, points: 2, evidenceKind: 'manual' });
  });
  it('rounds each item once, at the end, and totals the rounded items', () => {
    // fcr 2/3 = 66.666...%: 13.333... points below, capped at 5 -> 0; use a milder one:
    const r = scoreMonth(preset, { ...kpis, fcr: ratio(2_399, 3_000) }); // 79.9666...% -> -0.0333... -> 4.97
    expect(r.items[4]?.points).toBe(4.97);
    expect(r.total).toBe(9 + 2.5 + 2 + 0 + 4.97);
    expect(r.maxPoints).toBe(20);
  });
  it('applies signed adjustments with reason and author, clamped to the item range', () => {
    const r = scoreMonth(preset, kpis, [adj('attire', -0.2), adj('attire', -0.2), adj('praise', 3, 'city award'), adj('praise', 1, 'pennant')]);
    expect(r.items[2]).toMatchObject({ points: 1.6, computedPoints: 2 });
    expect(r.items[2]?.adjustments).toHaveLength(2);
    expect(r.items[3]).toMatchObject({ points: 3 }); // +4 clamped to +3
    expect(scoreMonth(preset, kpis, [adj('attire', -5)]).items[2]?.points).toBe(0);
  });
  it('computed items take adjustments only when the preset allows it', () => {
    expect(scoreMonth(preset, kpis, [adj('late-dispatch', -0.5, 'complaint never dispatched')]).items[1]?.points).toBe(2);
    expect(scoreMonth(preset, kpis, [adj('late-dispatch', +5, 'exempted')]).items[1]?.points).toBe(3);
    expect(() => scoreMonth(preset, kpis, [adj('answer-rate', 1)])).toThrow(ScorecardInputError);
  });
  it('rejects adjustments to unknown items or without reason or author', () => {
    expect(() => scoreMonth(preset, kpis, [adj('nope', -1)])).toThrow(/unknown item "nope"/);
    expect(() => scoreMonth(preset, kpis, [adj('attire', -1, ' ')])).toThrow(/reason and an author/);
    expect(() => scoreMonth(preset, kpis, [{ itemId: 'attire', points: Number.NaN, reason: 'x', author: 'y' }])).toThrow(/finite/);
  });
  it('a missing KPI fails loudly', () => {
    expect(() => scoreMonth(preset, { answerRate: ratio(1, 1), lateDispatches: count(0) })).toThrow(/needs KPI "fcr"/);
  });
});

describe('scoreMonth from facts (end to end)', () => {
  it('a month of four calls and no tickets', () => {
    const T0 = Date.parse('2024-04-10T09:00:00+08:00');
    const facts: CallFact[] = [
      { callId: 'a', arrivedAt: T0, queuedAt: T0, answeredAt: T0 + 10_000, talkMs: 1, holdMs: 0, acwMs: 0 },
      { callId: 'b', arrivedAt: T0, queuedAt: T0, answeredAt: T0 + 20_000, talkMs: 1, holdMs: 0, acwMs: 0 },
      { callId: 'c', arrivedAt: T0, queuedAt: T0, answeredAt: T0 + 30_000, talkMs: 1, holdMs: 0, acwMs: 0 },
      { callId: 'd', arrivedAt: T0, queuedAt: T0, abandonedAt: T0 + 5_000, talkMs: 0, holdMs: 0, acwMs: 0 },
    ];
    const voice = voiceKpis(sumCounters(facts.map((f) => countersOf(f, DEFAULT_VOICE_SETTINGS)), [15_000, 30_000]), DEFAULT_VOICE_SETTINGS);
    const set = toKpiSet({ voice, tickets: ticketKpis(EMPTY_TICKET_COUNTERS) });
    const r = scoreMonth(preset, set);
    // answer rate 3/4 = 75 %: 20 points below 95 % -> 0; no dispatch -> 3; fcr no data -> 5
    expect(r.items.map((i) => i.points)).toEqual([0, 3, 2, 0, 5]);
    expect(r.items[4]?.noData).toBe(true);
    expect(r.total).toBe(10);
  });
});
