import { describe, expect, it } from 'vitest';
import { unitHash } from './stable-hash.js';

describe('unitHash', () => {
  it('gives pinned values (changing them reshuffles every stored callback sample)', () => {
    expect(unitHash('')).toBeCloseTo(0.6689221884589642, 15);
    expect(unitHash('a')).toBeCloseTo(0.10352621669881046, 15);
  });
  it('is stable and spreads ids evenly', () => {
    expect(unitHash('T-0001')).toBe(unitHash('T-0001'));
    const draws = Array.from({ length: 10_000 }, (_, i) => unitHash(`T-${i}`));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const belowTenth = draws.filter((d) => d < 0.1).length;
    expect(belowTenth).toBeGreaterThan(850);
    expect(belowTenth).toBeLessThan(1150);
  });
});
