import { describe, expect, it } from 'vitest';
import { CallerQueue, compareWaitingCallers } from './caller-queue.js';
import type { NewCaller } from './caller-queue.js';

function build(capacity: number, callers: NewCaller[]): CallerQueue {
  let queue = CallerQueue.empty(capacity);
  for (const caller of callers) {
    const result = queue.add(caller);
    if (!result.ok) throw new Error(`add ${caller.callId}: ${result.reason}`);
    queue = result.queue;
  }
  return queue;
}

const ids = (queue: CallerQueue): string[] => queue.callers.map((c) => c.callId);

describe('ordering', () => {
  it('serves earlier callers first at equal priority', () => {
    const queue = build(10, [
      { callId: 'c', queuedAt: 3_000 },
      { callId: 'a', queuedAt: 1_000 },
      { callId: 'b', queuedAt: 2_000 },
    ]);
    expect(ids(queue)).toEqual(['a', 'b', 'c']);
    expect(queue.peek()).toEqual({ callId: 'a', queuedAt: 1_000, priority: 0 });
  });

  it('serves higher priority first, even if it arrived later', () => {
    const queue = build(10, [
      { callId: 'normal1', queuedAt: 1_000 },
      { callId: 'vip', queuedAt: 9_000, priority: 5 },
      { callId: 'low', queuedAt: 500, priority: -1 },
      { callId: 'normal2', queuedAt: 2_000 },
      { callId: 'vip-early', queuedAt: 8_000, priority: 5 },
    ]);
    expect(ids(queue)).toEqual(['vip-early', 'vip', 'normal1', 'normal2', 'low']);
  });

  it('breaks a full tie by callId', () => {
    const queue = build(10, [
      { callId: 'c2', queuedAt: 1_000 },
      { callId: 'c10', queuedAt: 1_000 },
      { callId: 'c1', queuedAt: 1_000 },
    ]);
    expect(ids(queue)).toEqual(['c1', 'c10', 'c2']);
  });

  it('gives the same order whatever the arrival order', () => {
    const callers: NewCaller[] = [
      { callId: 'a', queuedAt: 5, priority: 1 },
      { callId: 'b', queuedAt: 5 },
      { callId: 'c', queuedAt: 4 },
      { callId: 'd', queuedAt: 5, priority: 1 },
      { callId: 'e', queuedAt: 1, priority: -3 },
    ];
    const expected = ['a', 'd', 'c', 'b', 'e'];
    expect(ids(build(10, callers))).toEqual(expected);
    expect(ids(build(10, [...callers].reverse()))).toEqual(expected);
    expect(ids(CallerQueue.from(10, callers))).toEqual(expected);
  });

  it('compareWaitingCallers is the serving order', () => {
    const a = { callId: 'a', queuedAt: 1, priority: 0 };
    expect(compareWaitingCallers(a, { ...a, priority: 1 })).toBeGreaterThan(0);
    expect(compareWaitingCallers(a, { ...a, queuedAt: 2 })).toBeLessThan(0);
    expect(compareWaitingCallers(a, { ...a, callId: 'b' })).toBeLessThan(0);
    expect(compareWaitingCallers(a, { ...a })).toBe(0);
  });
});

describe('capacity', () => {
  it('refuses the caller beyond capacity with reason "full"', () => {
    const queue = build(2, [
      { callId: 'a', queuedAt: 1 },
      { callId: 'b', queuedAt: 2 },
    ]);
    expect(queue.isFull).toBe(true);
    expect(queue.add({ callId: 'c', queuedAt: 3 })).toEqual({ ok: false, reason: 'full' });
    // Priority does not bypass capacity.
    expect(queue.add({ callId: 'vip', queuedAt: 3, priority: 9 })).toEqual({ ok: false, reason: 'full' });
    expect(queue.size).toBe(2);
  });

  it('accepts again once someone leaves', () => {
    const queue = build(2, [
      { callId: 'a', queuedAt: 1 },
      { callId: 'b', queuedAt: 2 },
    ]).remove('a');
    expect(queue.isFull).toBe(false);
    const result = queue.add({ callId: 'c', queuedAt: 3 });
    expect(result.ok && ids(result.queue)).toEqual(['b', 'c']);
  });

  it('a capacity of 0 refuses everyone', () => {
    expect(CallerQueue.empty(0).add({ callId: 'a', queuedAt: 1 })).toEqual({ ok: false, reason: 'full' });
  });

  it('refuses a caller already waiting', () => {
    const queue = build(5, [{ callId: 'a', queuedAt: 1 }]);
    expect(queue.add({ callId: 'a', queuedAt: 2 })).toEqual({ ok: false, reason: 'duplicate' });
  });

  it('rejects a nonsensical capacity or caller', () => {
    expect(() => CallerQueue.empty(-1)).toThrow(RangeError);
    expect(() => CallerQueue.empty(1.5)).toThrow(RangeError);
    const queue = CallerQueue.empty(3);
    expect(() => queue.add({ callId: '', queuedAt: 1 })).toThrow(RangeError);
    expect(() => queue.add({ callId: 'a', queuedAt: Number.NaN })).toThrow(RangeError);
    expect(() => queue.add({ callId: 'a', queuedAt: 1, priority: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });

  it('from() keeps everyone already waiting even beyond a lowered capacity', () => {
    const queue = CallerQueue.from(1, [
      { callId: 'a', queuedAt: 2 },
      { callId: 'b', queuedAt: 1 },
      { callId: 'a', queuedAt: 0 }, // repeated: the first entry wins
    ]);
    expect(queue.callers).toEqual([
      { callId: 'b', queuedAt: 1, priority: 0 },
      { callId: 'a', queuedAt: 2, priority: 0 },
    ]);
    expect(queue.isFull).toBe(true);
    expect(queue.add({ callId: 'c', queuedAt: 3 })).toEqual({ ok: false, reason: 'full' });
  });
});

describe('immutability', () => {
  it('add and remove return new queues and leave the old one alone', () => {
    const one = build(5, [{ callId: 'a', queuedAt: 1 }]);
    const result = one.add({ callId: 'b', queuedAt: 2 });
    expect(result.ok).toBe(true);
    expect(ids(one)).toEqual(['a']);
    if (result.ok) {
      const removed = result.queue.remove('a');
      expect(ids(result.queue)).toEqual(['a', 'b']);
      expect(ids(removed)).toEqual(['b']);
    }
  });

  it('removing an absent caller returns the same queue', () => {
    const queue = build(5, [{ callId: 'a', queuedAt: 1 }]);
    expect(queue.remove('zzz')).toBe(queue);
  });
});

describe('peek, has, position', () => {
  const queue = build(10, [
    { callId: 'a', queuedAt: 1_000 },
    { callId: 'b', queuedAt: 2_000 },
    { callId: 'vip', queuedAt: 3_000, priority: 1 },
  ]);

  it('peek is the next caller to serve; undefined when empty', () => {
    expect(queue.peek()?.callId).toBe('vip');
    expect(CallerQueue.empty(3).peek()).toBeUndefined();
  });

  it('position is 1-based, null when not waiting', () => {
    expect(queue.position('vip')).toBe(1);
    expect(queue.position('a')).toBe(2);
    expect(queue.position('b')).toBe(3);
    expect(queue.position('nobody')).toBeNull();
    expect(queue.remove('vip').position('b')).toBe(2);
  });

  it('has', () => {
    expect(queue.has('a')).toBe(true);
    expect(queue.has('x')).toBe(false);
  });
});

describe('longestWaitMs', () => {
  it('is 0 when empty', () => {
    expect(CallerQueue.empty(3).longestWaitMs(99_000)).toBe(0);
  });

  it('measures the earliest queuedAt, even when a priority caller is at the head', () => {
    const queue = build(10, [
      { callId: 'old', queuedAt: 1_000 },
      { callId: 'vip', queuedAt: 40_000, priority: 3 },
    ]);
    expect(queue.longestWaitMs(61_000)).toBe(60_000);
  });

  it('never goes negative when the clock reads earlier than queuedAt', () => {
    expect(build(3, [{ callId: 'a', queuedAt: 5_000 }]).longestWaitMs(4_000)).toBe(0);
  });
});

describe('expiredCallers', () => {
  const queue = build(10, [
    { callId: 'a', queuedAt: 0 },
    { callId: 'b', queuedAt: 1 },
    { callId: 'c', queuedAt: 30_000 },
    { callId: 'vip', queuedAt: 0, priority: 2 },
  ]);

  it('includes a caller at exactly maxWaitSec and excludes one a millisecond short', () => {
    expect(queue.expiredCallers(60_000, 60).map((c) => c.callId)).toEqual(['vip', 'a']);
    expect(queue.expiredCallers(60_001, 60).map((c) => c.callId)).toEqual(['vip', 'a', 'b']);
  });

  it('is empty when nobody has waited that long', () => {
    expect(queue.expiredCallers(59_999, 60)).toEqual([]);
    expect(CallerQueue.empty(1).expiredCallers(1e12, 1)).toEqual([]);
  });

  it('returns everyone once all are past the limit, in serving order', () => {
    expect(queue.expiredCallers(1_000_000, 60).map((c) => c.callId)).toEqual(['vip', 'a', 'b', 'c']);
  });
});
