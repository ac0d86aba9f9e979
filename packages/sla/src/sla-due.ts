import type { Deadline } from './deadline.js';
import { addDeadline } from './deadline.js';
import type { EpochMs } from './epoch-ms.js';
import type { SlaRuleSet } from './rule-set.js';
import type { Category, Channel, Urgency } from './vocabulary.js';

/**
 * What can fall due on a ticket (or a missed call):
 * - `dispatch`: from `createdAt`, per channel;
 * - `return_review`: from `returnedAt`, per urgency;
 * - `callback`: from the latest of `repliedAt` / `resolvedAt` (online resolution);
 * - `department`: from `dispatchedAt` (the latest dispatch), per category and urgency;
 * - `stale_hold`: from `updatedAt` (the last touch), unless the hold was reported
 *   to the hotline office (001: "已向热线办报备除外"); ask it for suspended /
 *   difficult tickets only;
 * - `missed_call_callback`: from `abandonedAt`.
 */
export const SLA_KINDS = ['dispatch', 'return_review', 'callback', 'department', 'stale_hold', 'missed_call_callback'] as const;
export type SlaKind = (typeof SLA_KINDS)[number];

/**
 * The facts the rules read. A `@hotline/tickets` Ticket is one; for a missed
 * call pass `{ abandonedAt }`.
 */
export interface SlaFacts {
  readonly source?: Channel | undefined;
  readonly category?: Category | undefined;
  readonly urgency?: Urgency | undefined;
  readonly createdAt?: EpochMs | undefined;
  readonly dispatchedAt?: EpochMs | undefined;
  readonly returnedAt?: EpochMs | undefined;
  readonly repliedAt?: EpochMs | undefined;
  readonly resolvedAt?: EpochMs | undefined;
  readonly updatedAt?: EpochMs | undefined;
  readonly hold?: { readonly reported: boolean } | undefined;
  readonly abandonedAt?: EpochMs | undefined;
}

/** The rule that applies and the instant its clock started: why a due time is what it is. */
export interface SlaClockStart {
  readonly kind: SlaKind;
  readonly start: EpochMs;
  readonly deadline: Deadline;
}

const latest = (...instants: (EpochMs | undefined)[]): EpochMs | undefined => {
  const known = instants.filter((t): t is EpochMs => t !== undefined);
  return known.length === 0 ? undefined : Math.max(...known);
};

/**
 * Which rule applies to `facts` and from when, or `null` when that clock has
 * not started (no `returnedAt` yet, no category for a department deadline, a
 * reported hold...).
 */
export function slaClockStart(rules: SlaRuleSet, kind: SlaKind, facts: SlaFacts): SlaClockStart | null {
  const urgency = facts.urgency ?? 'normal';
  const found = (start: EpochMs | undefined, deadline: Deadline | undefined): SlaClockStart | null =>
    start === undefined || deadline === undefined ? null : { kind, start, deadline };

  switch (kind) {
    case 'dispatch': {
      if (facts.source === undefined) return null;
      const deadline =
        rules.dispatch.perChannel[facts.source] ?? (facts.source === 'phone' ? rules.dispatch.phone : rules.dispatch.network);
      return found(facts.createdAt, deadline);
    }
    case 'return_review':
      return found(facts.returnedAt, rules.returnReview[urgency]);
    case 'callback':
      return found(latest(facts.repliedAt, facts.resolvedAt), rules.callback);
    case 'department': {
      if (facts.category === undefined) return null;
      const byUrgency = rules.department[facts.category];
      return found(facts.dispatchedAt, urgency === 'urgent' ? (byUrgency.urgent ?? byUrgency.normal) : byUrgency.normal);
    }
    case 'stale_hold':
      return facts.hold?.reported === true ? null : found(facts.updatedAt, rules.staleHold);
    case 'missed_call_callback':
      return found(facts.abandonedAt, rules.missedCallCallback);
  }
}

/** The due instant (epoch ms) of `kind` for `facts`, or `null` when its clock has not started. */
export function slaDue(rules: SlaRuleSet, kind: SlaKind, facts: SlaFacts): EpochMs | null {
  const started = slaClockStart(rules, kind, facts);
  return started === null ? null : addDeadline(rules.clocks, started.start, started.deadline);
}
