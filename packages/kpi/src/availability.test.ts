import { describe, expect, it } from 'vitest';
import { availability, availabilityOfMinutes, measuredUntil, mergeAvailability } from './availability.js';

const DAY = 86_400_000;

describe('availability', () => {
  it('up / total: 30 days with 216 minutes down = 99.5 %', () => {
    const total = 30 * DAY;
    const down = 216 * 60_000; // 0.5 % of 43 200 minutes
    expect(availability({ upMs: total - down, totalMs: total })).toMatchObject({ value: 0.995, numerator: total - down, denominator: total });
  });
  it('nothing measured: null', () => {
    expect(availability({ upMs: 0, totalMs: 0 }).value).toBeNull();
  });
  it('up time never exceeds total time', () => {
    expect(availability({ upMs: 11, totalMs: 10 }).value).toBe(1);
  });
  it('merges by summing', () => {
    expect(mergeAvailability({ upMs: 9, totalMs: 10 }, { upMs: 10, totalMs: 10 })).toEqual({ upMs: 19, totalMs: 20 });
  });
});

describe('availabilityOfMinutes (minute samples -> counters)', () => {
  const MIN = 60_000;
  const NOV = Date.parse('2026-10-31T16:00:00Z'); // 2026-11-01 00:00 in Asia/Shanghai
  const DEC = Date.parse('2026-11-30T16:00:00Z');
  const monthMinutes = 30 * 24 * 60; // 43 200

  it('a whole measured month: minutes without an up sample are down (Changsha: IVR 99.5 % allows 216 minutes)', () => {
    const c = availabilityOfMinutes({ ivr: monthMinutes - 216, queue: monthMinutes - 217, seats: monthMinutes, telephony: 0 }, { from: NOV, to: DEC }, { from: NOV - 5 * DAY, to: DEC + DAY });
    expect(availability(c.ivr).value).toBe(0.995);
    expect(availability(c.queue).value).toBeLessThan(0.995);
    expect(c.seats).toEqual({ upMs: monthMinutes * MIN, totalMs: monthMinutes * MIN });
    expect(availability(c.telephony).value).toBe(0);
  });

  it('a component never reported is down the whole time, not "no data"', () => {
    const c = availabilityOfMinutes({}, { from: NOV, to: NOV + 60 * MIN }, { from: NOV - DAY, to: NOV + DAY });
    expect(c.queue).toEqual({ upMs: 0, totalMs: 60 * MIN });
  });

  it('nothing is due before the first sample ever (commissioning mid-month) nor after the measured end', () => {
    const commissioned = NOV + 10 * DAY + 30 * 1000; // mid-minute: the first whole minute counts
    const now = NOV + 12 * DAY;
    const c = availabilityOfMinutes({ queue: 2 * 24 * 60 - 1 }, { from: NOV, to: DEC }, { from: commissioned, to: now });
    expect(c.queue.totalMs).toBe(2 * DAY - MIN);
    expect(availability(c.queue).value).toBe(1);
  });

  it('no sample ever: no data (null), which the presets score by their whenNoData rule', () => {
    const c = availabilityOfMinutes({}, { from: NOV, to: DEC }, { from: null, to: DEC });
    expect(c.ivr).toEqual({ upMs: 0, totalMs: 0 });
    expect(availability(c.ivr).value).toBeNull();
  });

  it('a bucket wholly after the measured end is no data, not down', () => {
    const c = availabilityOfMinutes({}, { from: DEC, to: DEC + DAY }, { from: NOV, to: NOV + DAY });
    expect(availability(c.ivr).value).toBeNull();
  });

  it('up minutes never exceed the minutes due', () => {
    const c = availabilityOfMinutes({ ivr: 500 }, { from: NOV, to: NOV + 60 * MIN }, { from: NOV, to: DEC });
    expect(c.ivr.upMs).toBe(60 * MIN);
  });

  it('the measured period ends before the current minute and the one before it (its sample may still be on the way)', () => {
    expect(measuredUntil(Date.parse('2026-11-25T08:10:42.500Z'))).toBe(Date.parse('2026-11-25T08:09:00Z'));
    expect(measuredUntil(Date.parse('2026-11-25T08:10:00Z'))).toBe(Date.parse('2026-11-25T08:09:00Z'));
  });
});
