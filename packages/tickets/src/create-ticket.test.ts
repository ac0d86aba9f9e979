import { describe, expect, it } from 'vitest';
import { createTicket } from './create-ticket.js';
import { COMPLETE_FIELDS, T0, agent, departmentUser, qa } from './test-fixtures.js';

describe('createTicket', () => {
  it('creates a draft with normalised fields and a creation history entry', () => {
    const result = createTicket({ id: 'T-1', fields: COMPLETE_FIELDS, actor: agent, now: T0 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ticket).toEqual({
      ...COMPLETE_FIELDS,
      contact: '089866668888',
      urgency: 'normal',
      id: 'T-1',
      state: 'draft',
      version: 1,
      createdBy: agent.id,
      createdAt: T0,
      updatedAt: T0,
      dispatchTrail: [],
      returns: [],
      callbackAttempts: 0,
      reopenCount: 0,
    });
    expect(result.history).toEqual({
      ticketId: 'T-1',
      version: 1,
      from: null,
      to: 'draft',
      action: { type: 'create', fields: { ...COMPLETE_FIELDS, contact: '089866668888', urgency: 'normal' } },
      actor: agent,
      at: T0,
      changes: [],
    });
  });

  it('a draft needs only the channel', () => {
    const result = createTicket({ id: 'T-2', fields: { source: 'wechat' }, actor: agent, now: T0 });
    expect(result.ok && result.ticket.state).toBe('draft');
  });

  it('names bad fields under fields.', () => {
    const result = createTicket({ id: 'T-3', fields: { source: 'phone', event: 'x'.repeat(3000) }, actor: agent, now: T0 });
    expect(result).toMatchObject({ ok: false, code: 'invalid', issues: [{ field: 'fields.event' }] });
  });

  it('needs an id', () => {
    expect(createTicket({ id: ' ', fields: { source: 'phone' }, actor: agent, now: T0 })).toMatchObject({
      code: 'invalid',
      issues: [{ field: 'id' }],
    });
  });

  it.each([qa, departmentUser('x')])('is forbidden for %j', (actor) => {
    expect(createTicket({ id: 'T-4', fields: { source: 'phone' }, actor, now: T0 })).toMatchObject({ code: 'forbidden' });
  });
});
