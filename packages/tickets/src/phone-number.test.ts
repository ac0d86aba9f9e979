import { describe, expect, it } from 'vitest';
import { isMobileNumber, normalizeNumber } from './phone-number.js';

describe('normalizeNumber', () => {
  it.each([
    // mobiles
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['013800138000', '13800138000'], // trunk 0 before an out-of-area mobile
    ['１３８００１３８０００', '13800138000'], // full-width digits
    ['tel:+86-138-0013-8000', '13800138000'],
    ['sip:13800138000@10.0.0.1:5060', '13800138000'],
    ['  13800138000  ', '13800138000'],
    // landlines keep their trunk 0
    ['010-88888888', '01088888888'],
    ['(0898) 6666 8888', '089866668888'],
    ['0898-66668888', '089866668888'],
    ['0371.6666.8888', '037166668888'],
    ['+86 10 8888 8888', '01088888888'],
    ['+86 898 6666 8888', '089866668888'],
    ['+86 (0)10 8888 8888', '01088888888'],
    ['0086-21-5555-5555', '02155555555'],
    ['（0898）66668888', '089866668888'], // full-width parentheses
    // local numbers and short service numbers
    ['66668888', '66668888'],
    ['12345', '12345'],
    ['110', '110'],
    // foreign numbers
    ['+44 20 7946 0958', '+442079460958'],
    ['001 202 555 0123', '+12025550123'],
  ])('%j -> %j', (raw, expected) => {
    expect(normalizeNumber(raw)).toBe(expected);
  });

  it.each(['', '   ', 'anonymous', '138-0013-800x', '12', '+', '+86', '+0123', '1'.repeat(21), 'user@example.com'])(
    '%j is not a number',
    (raw) => {
      expect(normalizeNumber(raw)).toBeNull();
    },
  );

  it('is idempotent', () => {
    for (const raw of ['+86 138 0013 8000', '010-88888888', '+44 20 7946 0958', '12345', '013800138000']) {
      const once = normalizeNumber(raw);
      expect(once).not.toBeNull();
      expect(normalizeNumber(once ?? '')).toBe(once);
    }
  });
});

describe('isMobileNumber', () => {
  it('tells mobiles from landlines', () => {
    expect(isMobileNumber('13800138000')).toBe(true);
    expect(isMobileNumber('01088888888')).toBe(false);
    expect(isMobileNumber('12345')).toBe(false);
  });
});
