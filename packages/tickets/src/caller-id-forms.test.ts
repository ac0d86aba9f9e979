import { describe, expect, it } from 'vitest';
import { callerIdForms } from './caller-id-forms.js';
import { normalizeNumber } from './phone-number.js';

describe('callerIdForms', () => {
  it.each(['13800138000', '089866668888', '01088888888', '+14155550100', '12345'])('every form of %s normalises back to it', (number) => {
    const forms = callerIdForms(number);
    expect(forms[0]).toBe(number);
    for (const form of forms) expect(normalizeNumber(form)).toBe(number);
  });

  it('covers the forms carriers present mobiles in', () => {
    expect(callerIdForms('13800138000')).toEqual(['13800138000', '+8613800138000', '008613800138000', '8613800138000', '013800138000']);
  });
});
