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

// ---- KPIs (migrations 0002, 0003): call-fact columns, agent intervals, rollups, scorecard adjustments.
// Also merged into `CallsTable` and `Database` by declaration merging.

/** The call-fact columns the KPI aggregator adds to `calls` (0002). */
export interface CallsTable {
  first_seen_at: Timestamp | null;
  offered_at: Timestamp | null;
  offers: Generated<number>;
  rona_count: Generated<number>;
  talk_ms: Generated<number>;
  hold_ms: Generated<number>;
  acw_ms: Generated<number>;
  survey: string | null;
  callback_requested: Generated<boolean>;
  called_back: Generated<boolean>;
  recorded: Generated<boolean>;
  reviewed: Generated<boolean>;
}

/** One agent state from a state change until the agent's next change (`ended_at` null: still in it). */
export interface AgentStateIntervalsTable {
  event_id: string;
  agent_id: string;
  state: string;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  call_id: string | null;
  reason: string | null;
}

/** packages/kpi VoiceCounters per local 15-minute interval, per queue or per agent. */
export interface VoiceRollupsTable {
  interval_start: Timestamp;
  dim: 'queue' | 'agent';
  dim_id: string;
  arrived: number;
  offered: number;
  answered: number;
  answered_within: ColumnType<Record<string, number>, string, string>;
  abandoned: number;
  short_abandoned: number;
  wait_sum_ms: number;
  wait_max_ms: number;
  talk_ms: number;
  hold_ms: number;
  acw_ms: number;
  handled: number;
  surveyed: number;
  survey_satisfied: number;
  survey_basically_satisfied: number;
  survey_dissatisfied: number;
  survey_no_answer: number;
  abandoned_called_back: number;
  recordings: number;
  recordings_reviewed: number;
}

/** The aggregator's merged view of one ticket (`fact`: its TicketState JSON). */
export interface TicketFactsTable {
  ticket_id: string;
  created_at: Timestamp | null;
  fact: ColumnType<unknown, string, string>;
  updated_at: Generated<Timestamp>;
}

/** packages/kpi TicketCounters (flattened) per local 15-minute interval of creation. */
export interface TicketRollupsTable {
  interval_start: Timestamp;
  counters: ColumnType<Record<string, number>, string, string>;
}

export interface MissedCallCallbacksTable {
  call_id: string;
  reached_at: Timestamp;
}

/** A supervisor's signed points on a scorecard item, with reason and author (append-only). */
export interface ScorecardAdjustmentsTable {
  id: Generated<number>;
  preset_id: string;
  month: string;
  item_id: string;
  points: number;
  reason: string;
  author: string;
  created_at: Generated<Timestamp>;
}

export interface Database {
  agent_state_intervals: AgentStateIntervalsTable;
  voice_rollups: VoiceRollupsTable;
  ticket_facts: TicketFactsTable;
  ticket_rollups: TicketRollupsTable;
  missed_call_callbacks: MissedCallCallbacksTable;
  scorecard_adjustments: ScorecardAdjustmentsTable;
}
