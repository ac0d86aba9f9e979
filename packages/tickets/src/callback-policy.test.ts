import { describe, expect, it } from 'vitest';
import { DEFAULT_CALLBACK_POLICY, callbackPolicySchema, needsCallback } from './callback-policy.js';
import type { Ticket } from './ticket.js';
import type { TicketState } from './ticket-states.js';
import { TICKET_STATES } from './ticket-states.js';

type Facts = Pick<Ticket, 'id' | 'state' | 'category' | 'firstDepartment' | 'callbackSatisfaction'>;
const online: Facts = { id: 'T-1', state: 'resolved_online', category: 'consult' };
const replied: Facts = { id: 'T-2', state: 'replied', category: 'help', firstDepartment: '市政管理局' };
const policy = (input = {}) => callbackPolicySchema.parse(input);

describe('needsCallback', () => {
  it('defaults: complaints and reports always, every dispatched ticket, 10 % of the rest', () => {
    expect(DEFAULT_CALLBACK_POLICY).toEqual({
      alwaysCategories: ['complaint', 'report'],
      alwaysWhenDissatisfied: true,
      allDispatched: true,
      sampleShare: 0.1,
      sampleSalt: '',
    });
  });

  it.each(TICKET_STATES.filter((s) => s !== 'resolved_online' && s !== 'replied'))(
    'a ticket in %s is not a candidate',
    (state: TicketState) => {
      expect(needsCallback({ ...replied, state })).toEqual({ callback: false, reason: 'not_awaiting_callback' });
    },
  );

  it.each(['complaint', 'report'] as const)('every %s is called back, even resolved online', (category) => {
    const p = policy({ allDispatched: false, sampleShare: 0 });
    expect(needsCallback({ ...online, category }, p)).toEqual({ callback: true, reason: 'category' });
    expect(needsCallback({ ...replied, category }, p)).toEqual({ callback: true, reason: 'category' });
  });

  it('a previously dissatisfied caller is always called back', () => {
    const p = policy({ allDispatched: false, sampleShare: 0 });
    expect(needsCallback({ ...replied, callbackSatisfaction: 'dissatisfied' }, p)).toEqual({ callback: true, reason: 'dissatisfied' });
    expect(needsCallback({ ...replied, callbackSatisfaction: 'dissatisfied' }, { ...p, alwaysWhenDissatisfied: false }).reason).toBe(
      'not_sampled',
    );
  });

  it('dispatched tickets are all called back by default (Jiangdu coverage 100 %)', () => {
    expect(needsCallback(replied)).toEqual({ callback: true, reason: 'dispatched' });
  });

  it('the sample uses the injected random', () => {
    const p = policy({ allDispatched: false, sampleShare: 0.3 });
    expect(needsCallback(replied, p, () => 0.29)).toEqual({ callback: true, reason: 'sampled', draw: 0.29 });
    expect(needsCallback(replied, p, () => 0.3)).toEqual({ callback: false, reason: 'not_sampled', draw: 0.3 });
    expect(needsCallback(online, policy({ sampleShare: 1 }), () => 0.999).callback).toBe(true);
    expect(needsCallback(online, policy({ sampleShare: 0 }), () => 0).callback).toBe(false);
  });

  it('refuses a random outside [0, 1)', () => {
    expect(() => needsCallback(online, DEFAULT_CALLBACK_POLICY, () => 1)).toThrow(RangeError);
    expect(() => needsCallback(online, DEFAULT_CALLBACK_POLICY, () => Number.NaN)).toThrow(RangeError);
  });

  it('without a random, the ticket id decides, reproducibly, at about the configured share', () => {
    const p = policy({ sampleShare: 0.25 });
    const decisions = Array.from({ length: 4000 }, (_, i) => needsCallback({ ...online, id: `T-${i}` }, p));
    expect(decisions).toEqual(Array.from({ length: 4000 }, (_, i) => needsCallback({ ...online, id: `T-${i}` }, p)));
    const share = decisions.filter((d) => d.callback).length / decisions.length;
    expect(share).toBeGreaterThan(0.22);
    expect(share).toBeLessThan(0.28);
  });

  it('the salt draws a different sample', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `T-${i}`);
    const pick = (salt: string) => ids.filter((id) => needsCallback({ ...online, id }, policy({ sampleShare: 0.5, sampleSalt: salt })).callback);
    expect(pick('2025-03')).not.toEqual(pick('2025-04'));
    expect(pick('2025-03')).toEqual(pick('2025-03'));
  });

  it('validates the policy', () => {
    expect(callbackPolicySchema.safeParse({ sampleShare: 1.5 }).success).toBe(false);
    expect(callbackPolicySchema.safeParse({ alwaysCategories: ['gossip'] }).success).toBe(false);
  });
});
