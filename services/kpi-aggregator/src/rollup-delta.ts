import { VOICE_ROLLUP_SUMMED_COLUMNS } from '@hotline/db';
import type { CallFact, VoiceCounters, VoiceSettings } from '@hotline/kpi';
import { countersOf } from '@hotline/kpi';
import { quarterStart } from './quarter.js';

/** A row of `voice_rollups`: a queue's, an agent's or all calls' counters in one local 15-minute interval. */
export interface RollupKeyRow {
  readonly intervalStart: number;
  readonly dim: 'queue' | 'agent' | 'all';
  /** '' when the call has none (IVR-only, not answered by an agent), and for 'all'. */
  readonly dimId: string;
}

export interface RollupDelta extends RollupKeyRow {
  /** Signed changes of the sums; `waitMaxMs` is a candidate for the maximum, never lowered. */
  counters: { -readonly [K in keyof VoiceCounters]: VoiceCounters[K] extends number ? number : Record<string, number> };
}

type Settings = Pick<VoiceSettings, 'serviceLevelThresholdsMs' | 'shortAbandonMs' | 'timeZone'>;

/** rollupKeyOf(fact).intervalStart: the local quarter-hour the call was queued (else arrived) in. */
function intervalStartOf(fact: CallFact, tz: string): number {
  return quarterStart(fact.queuedAt ?? fact.arrivedAt, tz);
}

function keysOf(fact: CallFact, tz: string): RollupKeyRow[] {
  const intervalStart = intervalStartOf(fact, tz);
  return [
    { intervalStart, dim: 'queue', dimId: fact.queueId ?? '' },
    { intervalStart, dim: 'agent', dimId: fact.agentId ?? '' },
    // What the site's figures read: one row per interval instead of one per queue (migrations/0008_voice_rollups_all).
    { intervalStart, dim: 'all', dimId: '' },
  ];
}

// The summed counters by name: a fixed list instead of Object.entries per call and key (this ran for every row of a batch).
const SUMMED_FIELDS = VOICE_ROLLUP_SUMMED_COLUMNS.map(([field]) => field);

function addInto(delta: RollupDelta['counters'], c: VoiceCounters, sign: 1 | -1): void {
  for (const k of SUMMED_FIELDS) delta[k] += sign * c[k];
  // A call's wait only goes from unknown (0) to its final value: its old maximum never needs taking back.
  if (sign === 1) delta.waitMaxMs = Math.max(delta.waitMaxMs, c.waitMaxMs);
  for (const t in c.answeredWithin) delta.answeredWithin[t] = (delta.answeredWithin[t] ?? 0) + sign * c.answeredWithin[t]!;
}

function zero(thresholds: readonly number[]): RollupDelta['counters'] {
  const c = countersOf({ callId: '', arrivedAt: 0, talkMs: 0, holdMs: 0, acwMs: 0 }, { serviceLevelThresholdsMs: thresholds, shortAbandonMs: 0 });
  return { ...c, arrived: 0, answeredWithin: { ...c.answeredWithin } };
}

/**
 * What the rollups must change by when calls go from `before` (absent: new calls) to
 * `after`: each call's old counters are taken out of its old keys and its new counters
 * added to its new keys (a late call.queued moves a call to another interval).
 * Only non-zero changes are returned.
 */
export function rollupDeltas(
  changes: Iterable<{ before: CallFact | undefined; after: CallFact }>,
  settings: Settings,
): RollupDelta[] {
  const byKey = new Map<string, RollupDelta>();
  // Copied for each key: countersOf per key was a tenth of a batch's rollup work.
  const empty = zero(settings.serviceLevelThresholdsMs);
  const at = (k: RollupKeyRow): RollupDelta['counters'] => {
    const id = `${k.dim}\u0000${k.dimId}\u0000${k.intervalStart}`;
    let d = byKey.get(id);
    if (!d) {
      d = { ...k, counters: { ...empty, answeredWithin: { ...empty.answeredWithin } } };
      byKey.set(id, d);
    }
    return d.counters;
  };
  for (const { before, after } of changes) {
    if (before) {
      const old = countersOf(before, settings);
      for (const k of keysOf(before, settings.timeZone)) addInto(at(k), old, -1);
    }
    const now = countersOf(after, settings);
    for (const k of keysOf(after, settings.timeZone)) addInto(at(k), now, 1);
  }
  return [...byKey.values()].filter((d) => Object.values(d.counters).some((v) => (typeof v === 'number' ? v !== 0 : Object.values(v).some((n) => n !== 0))));
}
