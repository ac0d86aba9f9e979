import type { CallEvent } from '@hotline/events';
import type { CallFact, SurveyAnswer } from '@hotline/kpi';

/**
 * One row of `calls` as the aggregator merges it; instants are epoch ms.
 * Every merge rule is order-independent (earliest instant, first value, sum of
 * durations, "ever true"), so a call's row is the same whatever order its events
 * arrive in. Duplicates never reach here: the batch keeps only newly stored event ids.
 */
export interface CallRow {
  call_id: string;
  caller: string | null;
  dialed: string | null;
  channel_id: string | null;
  first_seen_at: number | null;
  arrived_at: number | null;
  ivr_answered_at: number | null;
  queue_id: string | null;
  queued_at: number | null;
  offered_at: number | null;
  answered_at: number | null;
  agent_id: string | null;
  wait_ms: number | null;
  abandoned_at: number | null;
  ended_at: number | null;
  end_cause: string | null;
  offers: number;
  rona_count: number;
  talk_ms: number;
  hold_ms: number;
  acw_ms: number;
  survey: SurveyAnswer | null;
  callback_requested: boolean;
  called_back: boolean;
  recorded: boolean;
  reviewed: boolean;
}

/** The columns of `calls` the aggregator writes, in CallRow's names. */
export const CALL_COLUMNS = [
  'call_id', 'caller', 'dialed', 'channel_id', 'first_seen_at', 'arrived_at', 'ivr_answered_at', 'queue_id', 'queued_at',
  'offered_at', 'answered_at', 'agent_id', 'wait_ms', 'abandoned_at', 'ended_at', 'end_cause', 'offers', 'rona_count',
  'talk_ms', 'hold_ms', 'acw_ms', 'survey', 'callback_requested', 'called_back', 'recorded', 'reviewed',
] as const satisfies readonly (keyof CallRow)[];
/** The timestamptz columns (epoch ms in CallRow). */
export const INSTANTS: ReadonlySet<string> = new Set(['first_seen_at', 'arrived_at', 'ivr_answered_at', 'queued_at', 'offered_at', 'answered_at', 'abandoned_at', 'ended_at']);

export function emptyCallRow(callId: string): CallRow {
  return {
    call_id: callId, caller: null, dialed: null, channel_id: null, first_seen_at: null, arrived_at: null,
    ivr_answered_at: null, queue_id: null, queued_at: null, offered_at: null, answered_at: null, agent_id: null,
    wait_ms: null, abandoned_at: null, ended_at: null, end_cause: null, offers: 0, rona_count: 0, talk_ms: 0,
    hold_ms: 0, acw_ms: 0, survey: null, callback_requested: false, called_back: false, recorded: false, reviewed: false,
  };
}

const earliest = (a: number | null, b: number): number => (a === null ? b : Math.min(a, b));

/** Applies one event to a call row (mutates it). */
export function applyCallEvent(row: CallRow, e: CallEvent): void {
  const at = Date.parse(e.at);
  row.first_seen_at = earliest(row.first_seen_at, at);
  switch (e.type) {
    case 'call.arrived':
      row.caller ??= e.caller;
      row.dialed ??= e.dialed;
      row.channel_id ??= e.channelId;
      row.arrived_at = earliest(row.arrived_at, at);
      break;
    case 'call.answered':
      if (e.party === 'ivr') {
        row.ivr_answered_at = earliest(row.ivr_answered_at, at);
      } else {
        // The earliest agent answer is the call's answer: the later agent legs of a transfer never
        // take over its agent or wait, whatever order the events arrive in.
        if (row.answered_at === null || at < row.answered_at) {
          row.answered_at = at;
          row.agent_id = e.agentId;
          row.wait_ms = e.waitMs;
        }
        row.queue_id ??= e.queueId;
      }
      break;
    case 'call.queued':
      // The wait runs from the first queue entry (an overflow re-queues): the earliest queued event names the queue.
      if (row.queued_at === null || at < row.queued_at) {
        row.queued_at = at;
        row.queue_id = e.queueId;
      }
      break;
    case 'call.offered':
      row.offered_at = earliest(row.offered_at, at);
      row.offers += 1;
      break;
    case 'call.rona':
      row.rona_count += 1;
      break;
    case 'call.abandoned':
      row.abandoned_at = earliest(row.abandoned_at, at);
      row.queue_id ??= e.queueId;
      row.wait_ms ??= e.waitMs;
      break;
    case 'call.unheld':
      row.hold_ms += e.holdMs;
      break;
    case 'survey.answered':
      row.survey ??= e.result;
      break;
    case 'recording.stored':
      row.recorded = true;
      break;
    case 'recording.reviewed':
      // Any number of reviews count the call once (QA sampling rate: reviewed / recorded calls).
      row.reviewed = true;
      break;
    case 'callback.requested':
      row.callback_requested = true;
      break;
    case 'call.ended':
      row.ended_at = earliest(row.ended_at, at);
      row.end_cause ??= e.cause;
      break;
    default:
      // ivr_finished, overflowed, transferred, held, monitor: kept in call_events, no KPI column.
      break;
  }
  row.talk_ms = talkMsOf(row);
}

/** Talk = connected time minus hold (hold and ACW are added on top for AHT). */
function talkMsOf(row: CallRow): number {
  if (row.answered_at === null || row.ended_at === null) return 0;
  return Math.max(0, row.ended_at - row.answered_at - row.hold_ms);
}

/** Folds events into rows, starting from the stored rows (absent: a new call). */
export function foldCallEvents(events: readonly CallEvent[], stored: ReadonlyMap<string, CallRow> = new Map()): Map<string, CallRow> {
  const out = new Map<string, CallRow>();
  for (const e of events) {
    let row = out.get(e.callId);
    if (!row) {
      const before = stored.get(e.callId);
      row = before ? { ...before } : emptyCallRow(e.callId);
      out.set(e.callId, row);
    }
    applyCallEvent(row, e);
  }
  return out;
}

/**
 * The packages/kpi fact of a stored call. Until call.arrived is stored, the earliest event
 * stands in for the arrival, so every call lands in some interval.
 */
export function callFactOf(row: CallRow): CallFact {
  return {
    callId: row.call_id,
    queueId: row.queue_id,
    agentId: row.agent_id,
    arrivedAt: row.arrived_at ?? row.first_seen_at ?? 0,
    queuedAt: row.queued_at,
    answeredAt: row.answered_at,
    abandonedAt: row.abandoned_at,
    endedAt: row.ended_at,
    waitMs: row.wait_ms,
    talkMs: row.talk_ms,
    holdMs: row.hold_ms,
    acwMs: row.acw_ms,
    survey: row.survey,
    calledBack: row.called_back,
    recorded: row.recorded,
    reviewed: row.reviewed,
  };
}
