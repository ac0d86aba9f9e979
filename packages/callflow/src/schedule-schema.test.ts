import { describe, expect, it } from 'vitest';
import {
  businessScheduleSchema,
  clockTimeSchema,
  localDateSchema,
  openIntervalSchema,
  timeZoneSchema,
} from './schedule-schema.js';

describe('clockTimeSchema', () => {
  it.each(['00:00', '08:30', '23:59', '24:00'])('accepts %s', (v) => {
    expect(clockTimeSchema.safeParse(v).success).toBe(true);
  });
  it.each(['8:30', '24:01', '25:00', '12:60', '0800', '', '08:00:00'])('rejects %j', (v) => {
    expect(clockTimeSchema.safeParse(v).success).toBe(false);
  });
});

describe('openIntervalSchema', () => {
  it('accepts day intervals and night intervals that wrap past midnight', () => {
    expect(openIntervalSchema.parse(['08:00', '22:00'])).toEqual(['08:00', '22:00']);
    expect(openIntervalSchema.parse(['22:00', '02:00'])).toEqual(['22:00', '02:00']);
    expect(openIntervalSchema.parse(['00:00', '24:00'])).toEqual(['00:00', '24:00']);
  });
  it('rejects empty intervals, a start at 24:00 and wrong shapes', () => {
    expect(openIntervalSchema.safeParse(['08:00', '08:00']).success).toBe(false);
    expect(openIntervalSchema.safeParse(['24:00', '08:00']).success).toBe(false);
    expect(openIntervalSchema.safeParse(['08:00']).success).toBe(false);
    expect(openIntervalSchema.safeParse('08:00-22:00').success).toBe(false);
  });
});

describe('localDateSchema', () => {
  it('accepts real dates only', () => {
    expect(localDateSchema.safeParse('2026-10-01').success).toBe(true);
    expect(localDateSchema.safeParse('2028-02-29').success).toBe(true);
    expect(localDateSchema.safeParse('2026-02-29').success).toBe(false);
    expect(localDateSchema.safeParse('2026-13-01').success).toBe(false);
    expect(localDateSchema.safeParse('2026-1-1').success).toBe(false);
    expect(localDateSchema.safeParse('2026-10-01T00:00').success).toBe(false);
  });
});

describe('timeZoneSchema', () => {
  it('accepts IANA zones and rejects others', () => {
    expect(timeZoneSchema.safeParse('Asia/Shanghai').success).toBe(true);
    expect(timeZoneSchema.safeParse('America/New_York').success).toBe(true);
    expect(timeZoneSchema.safeParse('Beijing').success).toBe(false);
    expect(timeZoneSchema.safeParse('').success).toBe(false);
  });
});

describe('businessScheduleSchema', () => {
  it('defaults the holiday lists and rejects unknown weekdays', () => {
    expect(businessScheduleSchema.parse({ weekly: {} })).toEqual({ weekly: {}, holidays: [], extraWorkdays: [] });
    const bad = businessScheduleSchema.safeParse({ weekly: { monday: [['08:00', '22:00']] } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['weekly']);
  });
});
