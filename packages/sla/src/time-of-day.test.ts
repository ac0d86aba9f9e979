import { describe, expect, it } from 'vitest';
import { minutesOfDay, timeOfDaySchema } from './time-of-day.js';

describe('timeOfDaySchema', () => {
  it.each(['00:00', '08:00', '12:00', '14:30', '23:59', '24:00'])('accepts %s', (t) => {
    expect(timeOfDaySchema.parse(t)).toBe(t);
  });
  it.each(['8:00', '24:01', '25:00', '12:60', '12:3', '', 'noon', '12:00:00'])('rejects %j', (t) => {
    expect(timeOfDaySchema.safeParse(t).success).toBe(false);
  });
});

describe('minutesOfDay', () => {
  it('counts minutes from local midnight', () => {
    expect(minutesOfDay('00:00')).toBe(0);
    expect(minutesOfDay('08:00')).toBe(480);
    expect(minutesOfDay('14:30')).toBe(870);
    expect(minutesOfDay('24:00')).toBe(1440);
  });
  it('throws on malformed input', () => {
    expect(() => minutesOfDay('24:30')).toThrow(RangeError);
    expect(() => minutesOfDay('7:00')).toThrow(RangeError);
  });
});
