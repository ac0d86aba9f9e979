import { bucketStart } from '@hotline/kpi';
import { describe, expect, it } from 'vitest';
import { quarterStart } from './quarter.js';

describe('quarterStart', () => {
  it('equals bucketStart at every minute of a day, in zones on whole, half and quarter hours and across DST', () => {
    const days = [Date.UTC(2026, 9, 1), Date.UTC(2026, 2, 29), Date.UTC(2026, 2, 8)]; // plain, Europe DST, US DST
    for (const tz of ['Asia/Shanghai', 'Asia/Kolkata', 'Asia/Kathmandu', 'Europe/Berlin', 'America/New_York', 'UTC']) {
      for (const day of days) {
        for (let m = -60; m < 25 * 60; m += 7) {
          const at = day + m * 60_000 + 1234;
          expect(quarterStart(at, tz), `${tz} ${new Date(at).toISOString()}`).toBe(bucketStart(at, '15m', tz));
        }
      }
    }
  });

  it('falls back to the zone rules where the offset is off the quarter-hour (local mean time of 1900)', () => {
    const at = Date.UTC(1900, 0, 1, 12, 7);
    expect(quarterStart(at, 'Asia/Shanghai')).toBe(bucketStart(at, '15m', 'Asia/Shanghai'));
    expect(quarterStart(at, 'Asia/Shanghai') % (15 * 60_000)).not.toBe(0);
  });
});
