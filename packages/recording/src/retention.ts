const DAY_MS = 24 * 3600 * 1000;

/** The end of a recording's retention: stored + the policy's days (RECORDING_RETENTION_DAYS). */
export function retentionUntil(storedAt: Date, retentionDays: number): Date {
  return new Date(storedAt.getTime() + retentionDays * DAY_MS);
}

export interface RetentionState {
  retentionUntil: Date;
  legalHold: boolean;
  purgedAt: Date | null;
}

export type PurgeDecision = { purge: true } | { purge: false; reason: 'legal_hold' | 'retained' | 'already_purged' };

/**
 * Whether the purge job may delete a recording now: only once its retention has passed and
 * never while on legal hold (a hold keeps it until released, whatever the date).
 */
export function purgeDecision(r: RetentionState, now: Date): PurgeDecision {
  if (r.purgedAt !== null) return { purge: false, reason: 'already_purged' };
  if (r.legalHold) return { purge: false, reason: 'legal_hold' };
  if (r.retentionUntil.getTime() > now.getTime()) return { purge: false, reason: 'retained' };
  return { purge: true };
}
