import { describe, expect, it } from 'vitest';
import type { CallFact } from './call-fact.js';
import { rollupKeyOf } from './rollup-key.js';

const sh = (iso: string): number => Date.parse(`${iso}+08:00`);
const base: CallFact = { callId: 'c', arrivedAt: sh('2024-03-05T23:58:00'), talkMs: 0, holdMs: 0, acwMs: 0 };

describe('rollupKeyOf', () => {
  it('a call queued at 23:59:30 and answered after midnight belongs to the day it was queued', () => {
    const f: CallFact = {
      ...base,
      queuedAt: sh('2024-03-05T23:59:30'),
      answeredAt: sh('2024-03-06T00:00:20'),
      endedAt: sh('2024-03-06T00:10:00'),
    };
    expect(rollupKeyOf(f)).toEqual({ intervalStart: sh('2024-03-05T23:45:00'), localDay: '2024-03-05' });
  });
  it('an abandoned call too', () => {
    const f: CallFact = { ...base, queuedAt: sh('2024-03-05T23:59:59.999'), abandonedAt: sh('2024-03-06T00:01:00') };
    expect(rollupKeyOf(f).localDay).toBe('2024-03-05');
  });
  it('a call queued at 00:00:00.000 belongs to the new day', () => {
    const f: CallFact = { ...base, queuedAt: sh('2024-03-06T00:00:00'), answeredAt: sh('2024-03-06T00:00:05') };
    expect(rollupKeyOf(f)).toEqual({ intervalStart: sh('2024-03-06T00:00:00'), localDay: '2024-03-06' });
  });
  it('an IVR-only call goes by its arrival', () => {
    expect(rollupKeyOf(base)).toEqual({ intervalStart: sh('2024-03-05T23:45:00'), localDay: '2024-03-05' });
  });
  it('local day, not UTC day: 07:59 Shanghai is the previous day in UTC', () => {
    const f: CallFact = { ...base, arrivedAt: sh('2024-03-06T07:59:00'), queuedAt: sh('2024-03-06T07:59:00') };
    expect(new Date(f.arrivedAt).toISOString().slice(0, 10)).toBe('2024-03-05');
    expect(rollupKeyOf(f).localDay).toBe('2024-03-06');
  });
  it('honours another zone', () => {
    const f: CallFact = { ...base, queuedAt: Date.parse('2024-03-05T23:30:00Z') };
    expect(rollupKeyOf(f, 'UTC').localDay).toBe('2024-03-05');
    expect(rollupKeyOf(f, 'Asia/Shanghai').localDay).toBe('2024-03-06');
  });
});
