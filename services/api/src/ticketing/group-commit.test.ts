import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

/** A writer that records each write's items and fails any write containing a negative number. */
function recorder(delayMs = 5) {
  const writes: number[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const write = async (items: readonly number[]) => {
    writes.push([...items]);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, delayMs));
    inFlight -= 1;
    if (items.some((i) => i < 0)) throw new Error(`refused ${items.filter((i) => i < 0).join(',')}`);
    return items.map((i) => i * 10);
  };
  return { write, writes, maxInFlight: () => maxInFlight };
}

describe('GroupCommit', () => {
  it('writes items submitted in the same turn together, each getting its own result', async () => {
    const r = recorder();
    const group = new GroupCommit(r.write, { maxInFlight: 2, maxBatch: 100 });
    const results = await Promise.all([1, 2, 3, 4].map((i) => group.submit(i)));
    expect(results).toEqual([10, 20, 30, 40]);
    expect(r.writes).toEqual([[1, 2, 3, 4]]);
  });

  it('collects what arrives while the writes are in flight into the next one, never more in flight than allowed', async () => {
    const r = recorder(20);
    const group = new GroupCommit(r.write, { maxInFlight: 1, maxBatch: 100 });
    const first = group.submit(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = [2, 3, 4].map((i) => group.submit(i));
    expect(await Promise.all([first, ...later])).toEqual([10, 20, 30, 40]);
    expect(r.writes).toEqual([[1], [2, 3, 4]]);
    expect(r.maxInFlight()).toBe(1);
  });

  it('splits a queue longer than maxBatch over several writes', async () => {
    const r = recorder();
    const group = new GroupCommit(r.write, { maxInFlight: 2, maxBatch: 3 });
    const results = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((i) => group.submit(i)));
    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(r.writes.slice(0, 2)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(r.writes.flat().sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(r.maxInFlight()).toBeLessThanOrEqual(2);
  });

  it('a refused item fails alone: its neighbours are written again one by one and succeed', async () => {
    const r = recorder();
    const group = new GroupCommit(r.write, { maxInFlight: 2, maxBatch: 100 });
    const settled = await Promise.allSettled([1, -2, 3].map((i) => group.submit(i)));
    expect(settled).toEqual([
      { status: 'fulfilled', value: 10 },
      { status: 'rejected', reason: new Error('refused -2') },
      { status: 'fulfilled', value: 30 },
    ]);
    expect(r.writes).toEqual([[1, -2, 3], [1], [-2], [3]]);
  });

  it('a single item that fails is not written twice', async () => {
    const r = recorder();
    const group = new GroupCommit(r.write, { maxInFlight: 2, maxBatch: 100 });
    await expect(group.submit(-1)).rejects.toThrow('refused -1');
    expect(r.writes).toEqual([[-1]]);
  });

  it('keeps working after a failed write', async () => {
    const r = recorder();
    const group = new GroupCommit(r.write, { maxInFlight: 1, maxBatch: 100 });
    await expect(group.submit(-1)).rejects.toThrow();
    expect(await Promise.all([group.submit(5), group.submit(6)])).toEqual([50, 60]);
  });
});
