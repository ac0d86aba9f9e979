import { describe, expect, it } from 'vitest';
import { hours, minutes, workingDays } from './deadline.js';
import { DEFAULT_SLA_RULE_SET, defineSlaRuleSet } from './rule-set.js';
import { slaClockStart, slaDue, type SlaFacts, type SlaKind } from './sla-due.js';
import { local, show } from './test-time.js';

const rules = DEFAULT_SLA_RULE_SET;
const due = (kind: SlaKind, facts: SlaFacts) => {
  const at = slaDue(rules, kind, facts);
  return at === null ? null : show(at);
};

describe('slaDue with the default rules', () => {
  describe('dispatch (wall clock, from creation)', () => {
    it('phone: 15 min, even at night', () => {
      expect(due('dispatch', { source: 'phone', createdAt: local('2025-03-04T10:00') })).toBe('2025-03-04T10:15');
      expect(due('dispatch', { source: 'phone', createdAt: local('2025-03-04T23:50') })).toBe('2025-03-05T00:05');
    });
    it.each(['web', 'wechat', 'app', 'email', 'sms', 'mayor_mailbox'] as const)('%s: 5 min', (source) => {
      expect(due('dispatch', { source, createdAt: local('2025-03-04T11:58') })).toBe('2025-03-04T12:03');
    });
    it('a per-channel override wins', () => {
      const custom = defineSlaRuleSet({ dispatch: { perChannel: { email: hours(1) } } });
      expect(show(slaDue(custom, 'dispatch', { source: 'email', createdAt: local('2025-03-04T10:00') }) ?? 0)).toBe(
        '2025-03-04T11:00',
      );
    });
    it('Changsha-style: within 1 working day', () => {
      const changsha = defineSlaRuleSet({ dispatch: { phone: workingDays(1), network: workingDays(1) } });
      // Friday 16:00 -> Monday 16:00.
      expect(show(slaDue(changsha, 'dispatch', { source: 'phone', createdAt: local('2025-03-07T16:00') }) ?? 0)).toBe(
        '2025-03-10T16:00',
      );
    });
    it('needs a source and a creation time', () => {
      expect(due('dispatch', { createdAt: local('2025-03-04T10:00') })).toBeNull();
      expect(due('dispatch', { source: 'phone' })).toBeNull();
    });
  });

  describe('return review (wall clock, from the return)', () => {
    it('urgent: 30 min, lunch counts', () => {
      expect(due('return_review', { urgency: 'urgent', returnedAt: local('2025-03-04T11:50') })).toBe('2025-03-04T12:20');
    });
    it('normal: 3 h, night counts', () => {
      expect(due('return_review', { urgency: 'normal', returnedAt: local('2025-03-04T21:00') })).toBe('2025-03-05T00:00');
      expect(due('return_review', { returnedAt: local('2025-03-04T11:50') })).toBe('2025-03-04T14:50');
    });
    it('not started before a return', () => {
      expect(due('return_review', { urgency: 'urgent' })).toBeNull();
    });
  });

  describe('callback (24 h on the business clock, from the reply)', () => {
    it('replied Friday 16:00 -> Sunday 17:00', () => {
      expect(due('callback', { repliedAt: local('2025-03-07T16:00') })).toBe('2025-03-09T17:00');
    });
    it('replied during lunch counts from 14:30', () => {
      // 14:30-22:00 (7.5) + next day 11.5 = 19, then 5 h: 08-12 + 14:30-15:30.
      expect(due('callback', { repliedAt: local('2025-03-04T13:00') })).toBe('2025-03-06T15:30');
    });
    it('uses the latest of reply and online resolution', () => {
      expect(due('callback', { resolvedAt: local('2025-03-04T08:00') })).toBe('2025-03-06T09:00');
      expect(due('callback', { resolvedAt: local('2025-03-03T08:00'), repliedAt: local('2025-03-04T08:00') })).toBe(
        '2025-03-06T09:00',
      );
    });
    it('not started before the ticket is finished', () => {
      expect(due('callback', { createdAt: local('2025-03-04T08:00') })).toBeNull();
    });
  });

  describe('department deadline (working days, from the latest dispatch)', () => {
    it('consult: 2 working days, over a weekend', () => {
      expect(due('department', { category: 'consult', dispatchedAt: local('2025-03-07T10:00') })).toBe('2025-03-11T10:00');
    });
    it.each(['complaint', 'help', 'suggestion', 'report'] as const)('%s: 4 working days', (category) => {
      expect(due('department', { category, dispatchedAt: local('2025-03-07T10:00') })).toBe('2025-03-13T10:00');
    });
    it('urgent uses the urgent deadline when set, else the normal one', () => {
      const custom = defineSlaRuleSet({ department: { complaint: { normal: workingDays(4), urgent: hours(24) } } });
      const facts = { category: 'complaint', urgency: 'urgent', dispatchedAt: local('2025-03-07T10:00') } as const;
      expect(show(slaDue(custom, 'department', facts) ?? 0)).toBe('2025-03-08T10:00');
      expect(due('department', facts)).toBe('2025-03-13T10:00');
    });
    it('needs a category and a dispatch', () => {
      expect(due('department', { dispatchedAt: local('2025-03-07T10:00') })).toBeNull();
      expect(due('department', { category: 'consult' })).toBeNull();
    });
  });

  describe('stale hold (48 h wall clock from the last touch)', () => {
    it('counts from the last touch', () => {
      expect(due('stale_hold', { updatedAt: local('2025-02-27T09:00') })).toBe('2025-03-01T09:00');
    });
    it('a hold reported to the hotline office never goes stale', () => {
      expect(due('stale_hold', { updatedAt: local('2025-02-27T09:00'), hold: { reported: true } })).toBeNull();
      expect(due('stale_hold', { updatedAt: local('2025-02-27T09:00'), hold: { reported: false } })).toBe('2025-03-01T09:00');
    });
  });

  it('missed-call callback: 24 business hours from the abandon', () => {
    expect(due('missed_call_callback', { abandonedAt: local('2025-03-04T21:00') })).toBe('2025-03-06T22:00');
  });

  it('slaClockStart explains the due time', () => {
    expect(slaClockStart(rules, 'dispatch', { source: 'wechat', createdAt: 1000 })).toEqual({
      kind: 'dispatch',
      start: 1000,
      deadline: minutes(5),
    });
  });
});
