import { describe, expect, it } from 'vitest';
import type { ScorecardPresetInput } from './preset-schema.js';
import { PresetError, formatJsonPath, parsePreset } from './preset-schema.js';

const valid = (): ScorecardPresetInput => ({
  id: 'test-site',
  name: 'Test',
  source: 'seeds/x.txt',
  maxPoints: 15,
  items: [
    { id: 'answer-rate', label: 'Answer rate', points: 10, rule: { kind: 'linear', kpi: 'answerRate', target: 0.95, perPointBelow: 1 } },
    { id: 'attire', label: 'Attire', points: 5, rule: { kind: 'manual' } },
  ],
  outcome: { kind: 'none' },
});

function errorOf(json: unknown): PresetError {
  try {
    parsePreset(json, 'presets/test-site.json');
  } catch (e) {
    if (e instanceof PresetError) return e;
    throw e;
  }
  throw new Error('expected a PresetError');
}

describe('parsePreset', () => {
  it('fills defaults', () => {
    const p = parsePreset(valid());
    const rule = p.items[0]?.rule;
    expect(rule).toMatchObject({ perPointAbove: 0, maxBonus: 0, partial: 'prorate', whenNoData: 'full' });
    expect(p.items[0]?.allowAdjustments).toBe(false);
    expect(p.notes).toEqual([]);
  });
  it('names the JSON path of a bad value and the file', () => {
    const bad = valid() as { items: { rule: { target: number } }[] };
    (bad.items[0] as { rule: { target: number } }).rule.target = 95;
    const e = errorOf(bad);
    expect(e.message).toContain('presets/test-site.json');
    expect(e.message).toContain('items[0].rule.target');
    expect(e.issues[0]?.path).toBe('items[0].rule.target');
  });
  it('rejects unknown KPI names and unknown fields (typos)', () => {
    const badKpi = valid();
    (badKpi.items[0] as { rule: { kpi: string } }).rule.kpi = 'answerRat';
    expect(errorOf(badKpi).issues.map((i) => i.path)).toContain('items[0].rule.kpi');
    const typo = valid();
    (typo.items[0] as { rule: Record<string, unknown> }).rule.perPointBellow = 1;
    expect(errorOf(typo).issues[0]?.path).toBe('items[0].rule');
  });
  it('rejects an unknown rule kind', () => {
    const bad = valid();
    (bad.items[1] as { rule: { kind: string } }).rule.kind = 'vibes';
    expect(errorOf(bad).issues[0]?.path).toBe('items[1].rule.kind');
  });
  it('rejects items that do not add up to maxPoints', () => {
    const e = errorOf({ ...valid(), maxPoints: 100 });
    expect(e.issues).toEqual([{ path: 'maxPoints', message: 'items add up to 15, not 100' }]);
  });
  it('rejects duplicate ids, a rule on a KPI of the wrong unit, a per-event rule on a ratio', () => {
    const dup = valid();
    (dup.items[1] as { id: string }).id = 'answer-rate';
    expect(errorOf(dup).issues[0]).toMatchObject({ path: 'items[1].id' });
    const unit = valid();
    (unit.items[0] as { rule: { kpi: string } }).rule.kpi = 'ahtMs';
    expect(errorOf(unit).issues[0]).toMatchObject({ path: 'items[0].rule.kpi' });
    const perEvent = valid();
    (perEvent.items[0] as { rule: unknown }).rule = { kind: 'per_event_deduction', events: ['lateDispatches', 'answerRate'], perEvent: 0.5 };
    expect(errorOf(perEvent).issues[0]).toMatchObject({ path: 'items[0].rule.events[1]' });
  });
  it('rejects a manual range that does not hold its start', () => {
    const bad = valid();
    (bad.items[1] as { rule: unknown }).rule = { kind: 'manual', start: 6, min: 0, max: 5 };
    expect(errorOf(bad).issues[0]?.message).toMatch(/min <= start <= max/);
  });
  it('rejects payout bands out of order', () => {
    const bad = { ...valid(), outcome: { kind: 'payout_bands', bands: [{ minScore: 80, payoutRatio: 0.85 }, { minScore: 90, payoutRatio: 1 }], belowPayoutRatio: 0 } };
    expect(errorOf(bad).issues[0]?.path).toBe('outcome.bands');
  });
  it('rejects a non-object', () => {
    expect(errorOf(42).issues[0]?.path).toBe('(root)');
  });
});

describe('formatJsonPath', () => {
  it('formats array indexes and keys', () => {
    expect(formatJsonPath(['items', 3, 'rule', 'target'])).toBe('items[3].rule.target');
    expect(formatJsonPath([])).toBe('(root)');
  });
});
