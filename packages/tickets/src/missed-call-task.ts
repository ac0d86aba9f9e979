import { normalizeNumber } from './phone-number.js';
import type { EpochMs } from './ticket.js';

/** A call that hung up while queued (KPIS.md: `abandoned_at`). */
export interface AbandonedCall {
  readonly callId: string;
  /** The caller id as the trunk presented it; absent or withheld for anonymous calls. */
  readonly callerNumber?: string | null | undefined;
  readonly queue?: string | undefined;
  readonly queuedAt?: EpochMs | undefined;
  readonly abandonedAt: EpochMs;
}

/**
 * A missed-call callback task (漏接回拨; Jiangdu, seed 003: every missed call
 * called back, 100 %). One open task per number: a caller who gave up three
 * times gets one callback, and `callIds` keeps every abandoned call for the
 * 漏接回拨率 figure.
 */
export interface MissedCallTask {
  readonly kind: 'missed_call_callback';
  /** One open task per number: upsert on it. */
  readonly dedupeKey: string;
  readonly number: string;
  readonly callIds: readonly string[];
  readonly queue?: string | undefined;
  readonly firstAbandonedAt: EpochMs;
  readonly lastAbandonedAt: EpochMs;
  /** The longest wait among the abandoned calls, when known. */
  readonly longestWaitMs?: number | undefined;
  readonly createdAt: EpochMs;
}

export type MissedCallSkip =
  /** No caller id (withheld / anonymous): nothing to dial. */
  | 'no_number'
  /** A caller id that is not a dialable number. */
  | 'unusable_number'
  /** Abandoned faster than `minWaitMs` (a setting; KPIS.md allows excluding short abandons). */
  | 'short_abandon';

export type MissedCallTaskResult =
  | { readonly ok: true; readonly task: MissedCallTask }
  | { readonly ok: false; readonly skip: MissedCallSkip };

export interface MissedCallOptions {
  /** Abandons shorter than this are not called back; default 0 (all are). */
  readonly minWaitMs: number;
}

/** The callback task for one abandoned call, or why there is none. */
export function missedCallCallbackTask(
  call: AbandonedCall,
  now: EpochMs,
  options: MissedCallOptions = { minWaitMs: 0 },
): MissedCallTaskResult {
  const raw = call.callerNumber?.trim() ?? '';
  if (raw === '' || /^(?:anonymous|unknown|restricted|private)$/i.test(raw)) return { ok: false, skip: 'no_number' };
  const number = normalizeNumber(raw);
  if (number === null) return { ok: false, skip: 'unusable_number' };
  const waitMs = call.queuedAt === undefined ? undefined : call.abandonedAt - call.queuedAt;
  if (options.minWaitMs > 0 && waitMs !== undefined && waitMs < options.minWaitMs) return { ok: false, skip: 'short_abandon' };
  return {
    ok: true,
    task: {
      kind: 'missed_call_callback',
      dedupeKey: `missed_call:${number}`,
      number,
      callIds: [call.callId],
      queue: call.queue,
      firstAbandonedAt: call.abandonedAt,
      lastAbandonedAt: call.abandonedAt,
      longestWaitMs: waitMs,
      createdAt: now,
    },
  };
}

/** Fold a newer task for the same number into the open one. */
export function mergeMissedCallTasks(open: MissedCallTask, newer: MissedCallTask): MissedCallTask {
  if (open.dedupeKey !== newer.dedupeKey) throw new RangeError(`cannot merge ${newer.dedupeKey} into ${open.dedupeKey}`);
  const waits = [open.longestWaitMs, newer.longestWaitMs].filter((w): w is number => w !== undefined);
  return {
    ...open,
    callIds: [...open.callIds, ...newer.callIds.filter((id) => !open.callIds.includes(id))],
    firstAbandonedAt: Math.min(open.firstAbandonedAt, newer.firstAbandonedAt),
    lastAbandonedAt: Math.max(open.lastAbandonedAt, newer.lastAbandonedAt),
    longestWaitMs: waits.length === 0 ? undefined : Math.max(...waits),
  };
}
