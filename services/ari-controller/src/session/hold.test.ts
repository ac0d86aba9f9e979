import { describe, expect, it } from 'vitest';
import { HoldClock } from './hold.js';

describe('HoldClock', () => {
  it('measures one hold at a time', () => {
    const c = new HoldClock();
    expect(c.unhold(5)).toBeNull();
    expect(c.hold(1000)).toBe(true);
    expect(c.hold(2000)).toBe(false);
    expect(c.held).toBe(true);
    expect(c.unhold(6000)).toBe(5000);
    expect(c.held).toBe(false);
  });
});
