import type { ColumnType, Generated } from 'kysely';

/** Timestamps are timestamptz: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Every event as received, append-only: the source of truth KPIs can be recomputed from. */
export interface CallEventsTable {
  event_id: string;
  call_id: string | null;
  type: string;
  at: Timestamp;
  payload: ColumnType<unknown, string, never>;
  received_at: Generated<Timestamp>;
}

/** One row per inbound call, merged from its events in any order of arrival. */
export interface CallsTable {
  call_id: string;
  caller: string | null;
  dialed: string | null;
  channel_id: string | null;
  arrived_at: Timestamp | null;
  ivr_answered_at: Timestamp | null;
  queue_id: string | null;
  queued_at: Timestamp | null;
  answered_at: Timestamp | null;
  agent_id: string | null;
  wait_ms: number | null;
  abandoned_at: Timestamp | null;
  ended_at: Timestamp | null;
  end_cause: string | null;
  updated_at: Generated<Timestamp>;
}

export interface Database {
  call_events: CallEventsTable;
  calls: CallsTable;
}
