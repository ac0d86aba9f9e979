import type { CallEvent } from '@hotline/events';

/** The columns of `calls` an event can set; each is set by exactly one kind of event. */
export interface CallRowPatch {
  call_id: string;
  caller?: string;
  dialed?: string;
  channel_id?: string;
  arrived_at?: string;
  ivr_answered_at?: string;
  queue_id?: string;
  answered_at?: string;
  agent_id?: string;
  wait_ms?: number;
  ended_at?: string;
  end_cause?: string;
}

/**
 * Folds a call's events into one patch. The merge in Postgres keeps the first value
 * written for each column, so the result is the same whatever order events arrive in
 * and however often one is redelivered.
 */
export function foldCallEvents(events: readonly CallEvent[]): CallRowPatch[] {
  const byCall = new Map<string, CallRowPatch>();
  for (const e of events) {
    const row = byCall.get(e.callId) ?? { call_id: e.callId };
    byCall.set(e.callId, row);
    switch (e.type) {
      case 'call.arrived':
        row.caller ??= e.caller;
        row.dialed ??= e.dialed;
        row.channel_id ??= e.channelId;
        row.arrived_at ??= e.at;
        break;
      case 'call.answered':
        if (e.party === 'ivr') {
          row.ivr_answered_at ??= e.at;
        } else {
          row.answered_at ??= e.at;
          row.agent_id ??= e.agentId;
          row.queue_id ??= e.queueId;
          row.wait_ms ??= e.waitMs;
        }
        break;
      case 'call.ended':
        row.ended_at ??= e.at;
        row.end_cause ??= e.cause;
        break;
    }
  }
  return [...byCall.values()];
}
