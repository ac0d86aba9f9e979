import { describe, expect, it } from 'vitest';
import { mergeMissedCallTasks, missedCallCallbackTask } from './missed-call-task.js';

const call = { callId: 'c-1', callerNumber: '+86 138 0013 8000', queue: 'general', queuedAt: 1_000, abandonedAt: 21_000 };

describe('missedCallCallbackTask', () => {
  it('creates a task keyed by the normalised number', () => {
    expect(missedCallCallbackTask(call, 30_000)).toEqual({
      ok: true,
      task: {
        kind: 'missed_call_callback',
        dedupeKey: 'missed_call:13800138000',
        number: '13800138000',
        callIds: ['c-1'],
        queue: 'general',
        firstAbandonedAt: 21_000,
        lastAbandonedAt: 21_000,
        longestWaitMs: 20_000,
        createdAt: 30_000,
      },
    });
  });

  it.each([undefined, null, '', 'anonymous', 'Restricted'])('skips a withheld number (%j)', (callerNumber) => {
    expect(missedCallCallbackTask({ ...call, callerNumber }, 0)).toEqual({ ok: false, skip: 'no_number' });
  });

  it('skips an undialable caller id', () => {
    expect(missedCallCallbackTask({ ...call, callerNumber: 'sip:alice@example.com' }, 0)).toEqual({ ok: false, skip: 'unusable_number' });
  });

  it('calls back every abandon by default, short ones skipped only by setting', () => {
    const short = { ...call, abandonedAt: 3_000 };
    expect(missedCallCallbackTask(short, 0).ok).toBe(true);
    expect(missedCallCallbackTask(short, 0, { minWaitMs: 5_000 })).toEqual({ ok: false, skip: 'short_abandon' });
    expect(missedCallCallbackTask({ ...short, abandonedAt: 6_000 }, 0, { minWaitMs: 5_000 }).ok).toBe(true);
    expect(missedCallCallbackTask({ ...short, queuedAt: undefined }, 0, { minWaitMs: 5_000 }).ok).toBe(true);
  });
});

describe('mergeMissedCallTasks', () => {
  it('keeps one task per number with every call', () => {
    const first = missedCallCallbackTask(call, 30_000);
    const second = missedCallCallbackTask({ ...call, callId: 'c-2', callerNumber: '13800138000', queuedAt: 50_000, abandonedAt: 95_000 }, 96_000);
    if (!first.ok || !second.ok) throw new Error('expected tasks');
    expect(mergeMissedCallTasks(first.task, second.task)).toEqual({
      ...first.task,
      callIds: ['c-1', 'c-2'],
      firstAbandonedAt: 21_000,
      lastAbandonedAt: 95_000,
      longestWaitMs: 45_000,
    });
    expect(mergeMissedCallTasks(first.task, first.task).callIds).toEqual(['c-1']);
  });

  it('refuses to merge different numbers', () => {
    const a = missedCallCallbackTask(call, 0);
    const b = missedCallCallbackTask({ ...call, callerNumber: '010-88888888' }, 0);
    if (!a.ok || !b.ok) throw new Error('expected tasks');
    expect(() => mergeMissedCallTasks(a.task, b.task)).toThrow(RangeError);
  });
});
