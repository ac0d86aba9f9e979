import { describe, expect, it } from 'vitest';
import type { CallFact } from './call-fact.js';
import { callFactSchema, isAbandoned, isAnswered, isOffered, waitOf } from './call-fact.js';

const base: CallFact = { callId: 'c1', arrivedAt: 1_000, talkMs: 0, holdMs: 0, acwMs: 0 };

describe('call classification', () => {
  it('an IVR-only call is not offered', () => {
    expect(isOffered(base)).toBe(false);
    expect(isAnswered({ ...base, answeredAt: 5_000 })).toBe(false);
    expect(waitOf(base)).toBeUndefined();
  });
  it('answered: wait = answeredAt - queuedAt', () => {
    const f: CallFact = { ...base, queuedAt: 2_000, answeredAt: 17_000 };
    expect([isOffered(f), isAnswered(f), isAbandoned(f)]).toEqual([true, true, false]);
    expect(waitOf(f)).toBe(15_000);
  });
  it('abandoned: wait = abandonedAt - queuedAt', () => {
    const f: CallFact = { ...base, queuedAt: 2_000, abandonedAt: 9_500 };
    expect([isAnswered(f), isAbandoned(f)]).toEqual([false, true]);
    expect(waitOf(f)).toBe(7_500);
  });
  it('null instants (database rows) are absent instants', () => {
    const f: CallFact = { ...base, queuedAt: null, answeredAt: null, abandonedAt: null };
    expect([isOffered(f), isAnswered(f), isAbandoned(f)]).toEqual([false, false, false]);
  });
  it('the instants win over the stored waitMs, which is only a fallback', () => {
    expect(waitOf({ ...base, queuedAt: 2_000, answeredAt: 3_000, waitMs: 99_000 })).toBe(1_000);
    expect(waitOf({ ...base, queuedAt: 2_000, waitMs: 4_000 })).toBe(4_000);
  });
  it('clock skew never gives a negative wait', () => {
    expect(waitOf({ ...base, queuedAt: 2_000, answeredAt: 1_999 })).toBe(0);
  });
});

describe('callFactSchema', () => {
  it('accepts a complete fact', () => {
    const f = { ...base, queuedAt: 2_000, answeredAt: 3_000, endedAt: 60_000, talkMs: 57_000, survey: 'satisfied', recorded: true };
    expect(callFactSchema.parse(f)).toMatchObject({ callId: 'c1', survey: 'satisfied' });
  });
  it('rejects instants out of order and answered-and-abandoned calls', () => {
    const r1 = callFactSchema.safeParse({ ...base, queuedAt: 2_000, answeredAt: 1_500 });
    expect(r1.success).toBe(false);
    expect(r1.error?.issues[0]?.path).toEqual(['answeredAt']);
    const r2 = callFactSchema.safeParse({ ...base, queuedAt: 2_000, answeredAt: 3_000, abandonedAt: 3_000 });
    expect(r2.error?.issues[0]?.path).toEqual(['abandonedAt']);
  });
  it('rejects negative durations and unknown survey answers', () => {
    expect(callFactSchema.safeParse({ ...base, talkMs: -1 }).success).toBe(false);
    expect(callFactSchema.safeParse({ ...base, survey: 'meh' }).success).toBe(false);
  });
});
