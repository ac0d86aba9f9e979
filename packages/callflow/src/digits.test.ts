import { describe, expect, it } from 'vitest';
import { DTMF_DIGITS, isDtmfDigit } from './digits.js';

describe('isDtmfDigit', () => {
  it('accepts the twelve phone keys', () => {
    for (const d of DTMF_DIGITS) expect(isDtmfDigit(d)).toBe(true);
    expect(DTMF_DIGITS).toHaveLength(12);
  });

  it.each(['A', 'D', '10', '', ' ', 'x'])('rejects %j', (v) => {
    expect(isDtmfDigit(v)).toBe(false);
  });
});
