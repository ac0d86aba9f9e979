import { describe, expect, it } from 'vitest';
import { MicroBatcher } from './micro-batcher.js';

describe('MicroBatcher', () => {
  it('groups concurrent adds into one flush', async () => {
    const batches: number[][] = [];
    const b = new MicroBatcher<number>(async (items) => void batches.push(items), 100, 5);
    await Promise.all([1, 2, 3].map((n) => b.add(n)));
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('flushes at max size without waiting', async () => {
    const batches: number[][] = [];
    const b = new MicroBatcher<number>(async (items) => void batches.push(items), 2, 10_000);
    await Promise.all([1, 2, 3, 4].map((n) => b.add(n)));
    expect(batches).toEqual([[1, 2], [3, 4]]);
  });

  it('weighs items by sizeOf and never splits one across batches', async () => {
    const batches: number[][][] = [];
    const b = new MicroBatcher<number[]>(async (items) => void batches.push(items), 5, 10_000, { sizeOf: (item) => item.length });
    await Promise.all([[1, 2], [3, 4], [5, 6], [7, 8, 9, 10, 11, 12]].map((job) => b.add(job)));
    expect(batches).toEqual([[[1, 2], [3, 4]], [[5, 6]], [[7, 8, 9, 10, 11, 12]]]);
  });

  it('starts a second full batch while the first is written (concurrency 2), and no third', async () => {
    const started: number[][] = [];
    const releases: (() => void)[] = [];
    const b = new MicroBatcher<number>(async (items) => {
      started.push(items);
      await new Promise<void>((r) => releases.push(r));
    }, 2, 10_000, { concurrency: 2 });
    const all = [1, 2, 3, 4, 5, 6].map((n) => b.add(n));
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual([[1, 2], [3, 4]]);
    releases.shift()!();
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual([[1, 2], [3, 4], [5, 6]]);
    releases.splice(0).forEach((r) => r());
    await new Promise((r) => setTimeout(r, 10));
    releases.splice(0).forEach((r) => r());
    await Promise.all(all);
  });

  it('rejects every add of a failed batch, and later batches still run', async () => {
    let fail = true;
    const b = new MicroBatcher<number>(async () => {
      if (fail) throw new Error('db down');
    }, 10, 1);
    const results = await Promise.allSettled([b.add(1), b.add(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(b.add(3)).resolves.toBeUndefined();
  });

  it('groups what arrives during a write into the next batch (group commit)', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const b = new MicroBatcher<number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
    }, 100, 1);
    const first = b.add(1);
    await new Promise((r) => setTimeout(r, 10));
    const later = [2, 3, 4].map((n) => b.add(n));
    await new Promise((r) => setTimeout(r, 10));
    expect(batches).toEqual([[1]]);
    release();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('takes an add made by a caller its last batch just resumed (one await after another)', async () => {
    const batches: number[][] = [];
    const b = new MicroBatcher<number>(async (items) => void batches.push(items), 100, 1);
    await b.add(1);
    await b.add(2);
    await b.add(3);
    expect(batches).toEqual([[1], [2], [3]]);
  });

  it('drain waits for pending items', async () => {
    const seen: number[] = [];
    const b = new MicroBatcher<number>(async (items) => void seen.push(...items), 100, 10_000);
    void b.add(7);
    await b.drain();
    expect(seen).toEqual([7]);
  });
});
