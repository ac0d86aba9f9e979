import { describe, expect, it } from 'vitest';
import { purgeDecision, retentionUntil } from './retention.js';

const now = new Date('2029-01-01T00:00:00Z');

describe('retention', () => {
  it('keeps a recording for the policy days', () => {
    expect(retentionUntil(new Date('2026-01-01T00:00:00Z'), 1095).toISOString()).toBe('2028-12-31T00:00:00.000Z');
  });

  it('purges only expired, unheld, not yet purged recordings', () => {
    const expired = new Date('2028-12-31T00:00:00Z');
    expect(purgeDecision({ retentionUntil: expired, legalHold: false, purgedAt: null }, now)).toEqual({ purge: true });
    expect(purgeDecision({ retentionUntil: expired, legalHold: true, purgedAt: null }, now)).toEqual({ purge: false, reason: 'legal_hold' });
    expect(purgeDecision({ retentionUntil: new Date('2029-06-01T00:00:00Z'), legalHold: false, purgedAt: null }, now)).toEqual({ purge: false, reason: 'retained' });
    expect(purgeDecision({ retentionUntil: expired, legalHold: false, purgedAt: expired }, now)).toEqual({ purge: false, reason: 'already_purged' });
  });
});
