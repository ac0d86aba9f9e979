import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS_CALLER_NAME,
  isAnonymous,
  pickFields,
  ticketFieldsPatchSchema,
  validateCompleteFields,
  validateDraftFields,
} from './ticket-fields.js';

const complete = {
  source: 'phone',
  callId: 'call-1',
  callerName: '张三',
  contact: '+86 138-0013-8000',
  location: '海口市龙华区滨海大道 1 号',
  event: '小区门口路灯连续三晚不亮',
  request: '请尽快维修路灯',
  category: 'help',
};

describe('validateCompleteFields', () => {
  it('accepts a complete ticket, trims text, normalises the number, defaults urgency', () => {
    const result = validateCompleteFields({ ...complete, callerName: '  张三 ' });
    expect(result).toEqual({
      ok: true,
      fields: { ...complete, callerName: '张三', contact: '13800138000', urgency: 'normal' },
    });
  });

  it.each(['callerName', 'contact', 'location', 'event', 'request', 'category'])('a missing %s is a defect (seed 001)', (field) => {
    const input: Record<string, unknown> = { ...complete };
    delete input[field];
    const result = validateCompleteFields(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.field).toBe(field);
    expect(result.issues[0]?.message).toMatch(new RegExp(`^${field}: ${field} is required`));
  });

  it('lists every missing element at once', () => {
    const result = validateCompleteFields({ source: 'wechat' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((i) => i.field).sort()).toEqual(
        ['callerName', 'category', 'contact', 'event', 'location', 'request'].sort(),
      );
    }
  });

  it('blank text counts as missing', () => {
    const result = validateCompleteFields({ ...complete, location: '   ' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toEqual({ field: 'location', message: 'location: location must not be empty' });
  });

  it('accepts an anonymous caller', () => {
    const result = validateCompleteFields({ ...complete, callerName: ANONYMOUS_CALLER_NAME });
    expect(result.ok).toBe(true);
    expect(isAnonymous(' 匿名 ')).toBe(true);
    expect(isAnonymous('张三')).toBe(false);
    expect(isAnonymous(undefined)).toBe(false);
  });

  it('refuses a 1 MB event with a clear error naming the field', () => {
    const result = validateCompleteFields({ ...complete, event: 'x'.repeat(1024 * 1024) });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toEqual([
        { field: 'event', message: 'event: event is too long: at most 2000 characters, got 1048576' },
      ]);
    }
  });

  it.each([
    ['callerName', 201],
    ['location', 501],
    ['request', 2001],
    ['callId', 201],
  ])('limits %s to %d - 1 characters', (field, length) => {
    const ok = validateCompleteFields({ ...complete, [field]: 'x'.repeat(length - 1) });
    expect(ok.ok).toBe(true);
    const bad = validateCompleteFields({ ...complete, [field]: 'x'.repeat(length) });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0]?.field).toBe(field);
  });

  it('accepts an e-mail contact for network letters', () => {
    const result = validateCompleteFields({ ...complete, source: 'mayor_mailbox', callId: undefined, contact: 'Citizen@Example.CN' });
    expect(result.ok && result.fields.contact).toBe('citizen@example.cn');
  });

  it.each([
    [{ contact: 'call me' }, 'contact'],
    [{ category: 'gossip' }, 'category'],
    [{ urgency: 'asap' }, 'urgency'],
    [{ source: 'fax' }, 'source'],
    [{ source: 'web' }, 'callId'],
    [{ event: 42 }, 'event'],
    [{ state: 'closed' }, '(root)'],
  ])('rejects %j naming %s', (patch, field) => {
    const result = validateCompleteFields({ ...complete, ...patch });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.field).toBe(field);
  });

  it('category errors give the Chinese names', () => {
    const result = validateCompleteFields({ ...complete, category: 'gossip' });
    if (!result.ok) expect(result.issues[0]?.message).toContain('complaint 投诉');
  });
});

describe('validateDraftFields', () => {
  it('needs only the channel', () => {
    expect(validateDraftFields({ source: 'phone' })).toEqual({ ok: true, fields: { source: 'phone', urgency: 'normal' } });
  });
  it('applies the limits already', () => {
    const result = validateDraftFields({ source: 'phone', request: 'y'.repeat(5000) });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.field).toBe('request');
  });
});

describe('ticketFieldsPatchSchema', () => {
  it('refuses an empty patch, the channel and unknown keys', () => {
    expect(ticketFieldsPatchSchema.safeParse({}).success).toBe(false);
    expect(ticketFieldsPatchSchema.safeParse({ source: 'web' }).success).toBe(false);
    expect(ticketFieldsPatchSchema.safeParse({ department: 'x' }).success).toBe(false);
    expect(ticketFieldsPatchSchema.parse({ category: 'complaint' })).toEqual({ category: 'complaint' });
  });
});

describe('pickFields', () => {
  it('keeps only the fields that are set', () => {
    const ticket = { source: 'phone' as const, urgency: 'normal' as const, event: 'e', id: 't1', state: 'draft', contact: undefined };
    expect(pickFields(ticket)).toEqual({ source: 'phone', urgency: 'normal', event: 'e' });
  });
});
