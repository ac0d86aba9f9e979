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

// ---- Ticketing (migrations 0004, 0005): auth, organisation, tickets, callbacks, event outbox.
// Declared as a second `Database` block (TypeScript merges it with the one above) so that the
// ticketing and KPI tables are added without editing each other's lines.

/** A timestamptz with a default: optional on insert, read as Date. */
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface DepartmentsTable {
  id: string;
  name: string;
  active: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface ApiUsersTable {
  id: string;
  name: string;
  role: 'agent' | 'supervisor' | 'admin' | 'department' | 'qa';
  department_id: string | null;
  active: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface ApiKeysTable {
  id: Generated<string>;
  user_id: string;
  token_sha256: string;
  label: string | null;
  created_at: GeneratedTimestamp;
  revoked_at: Timestamp | null;
  /** Refused from then on with 401 'token expired' (migration 0007). */
  expires_at: Timestamp;
}

export interface SkillsTable {
  name: string;
  description: string | null;
  created_at: GeneratedTimestamp;
}

/** `definition` is an @hotline/acd QueueDefinition. */
export interface QueuesTable {
  id: string;
  skill: string;
  definition: ColumnType<unknown, string, string>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** `definition` is an @hotline/acd AgentDefinition. */
export interface AgentsTable {
  id: string;
  seat: string;
  user_id: string | null;
  definition: ColumnType<unknown, string, string>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** `doc` is the @hotline/tickets Ticket; the other columns are copies for filtering. */
export interface TicketsTable {
  id: string;
  doc: ColumnType<unknown, string, string>;
  state: string;
  version: number;
  source: string;
  category: string | null;
  urgency: string;
  department: string | null;
  first_department: string | null;
  final_department: string | null;
  call_id: string | null;
  caller_number: string | null;
  contact: string | null;
  caller_name: string | null;
  location: string | null;
  event: string | null;
  request: string | null;
  search_text: ColumnType<string, never, never>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  dispatch_due_at: Timestamp | null;
  return_review_due_at: Timestamp | null;
  callback_due_at: Timestamp | null;
  dept_due_at: Timestamp | null;
  stale_hold_due_at: Timestamp | null;
  next_due_kind: string | null;
  next_due_at: Timestamp | null;
}

/** Append-only (a trigger refuses UPDATE and DELETE). */
export interface TicketHistoryTable {
  id: Generated<number>;
  ticket_id: string;
  version: number;
  action: string;
  from_state: string | null;
  to_state: string;
  actor_id: string;
  actor_role: string;
  actor_department: string | null;
  at: Timestamp;
  payload: ColumnType<unknown, string, never>;
  changes: ColumnType<unknown, string, never>;
}

export interface CallbackTasksTable {
  id: Generated<string>;
  kind: 'ticket' | 'missed_call';
  ticket_id: string | null;
  dedupe_key: string;
  reason: string;
  number: string | null;
  call_ids: ColumnType<string[], string[] | undefined, string[]>;
  queue_id: string | null;
  first_abandoned_at: Timestamp | null;
  last_abandoned_at: Timestamp | null;
  longest_wait_ms: number | null;
  due_at: Timestamp | null;
  status: ColumnType<'open' | 'done' | 'cancelled', 'open' | 'done' | 'cancelled' | undefined>;
  attempts: Generated<number>;
  reached: boolean | null;
  satisfaction: 'satisfied' | 'dissatisfied' | null;
  note: string | null;
  done_by: string | null;
  done_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MissedCallsTable {
  call_id: string;
  task_id: string | null;
  skip: 'no_number' | 'unusable_number' | 'short_abandon' | null;
  synced_at: GeneratedTimestamp;
}

export interface TicketEventOutboxTable {
  seq: Generated<number>;
  event_id: string;
  ticket_id: string | null;
  event: ColumnType<unknown, string, never>;
  created_at: GeneratedTimestamp;
  published_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface Database {
  departments: DepartmentsTable;
  api_users: ApiUsersTable;
  api_keys: ApiKeysTable;
  skills: SkillsTable;
  queues: QueuesTable;
  agents: AgentsTable;
  tickets: TicketsTable;
  ticket_history: TicketHistoryTable;
  callback_tasks: CallbackTasksTable;
  missed_calls: MissedCallsTable;
  ticket_event_outbox: TicketEventOutboxTable;
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

/** Closed agent-state time (ms) per 15-minute interval, per agent. */
export interface AgentStateRollupsTable {
  interval_start: Timestamp;
  agent_id: string;
  state: string;
  ms: number;
}

/** All agents' closed time (ms) per 15-minute interval, a column per state but signed_out (AGENT_STATE_ROLLUP_ALL_COLUMNS). */
export interface AgentStateRollupsAllTable {
  interval_start: Timestamp;
  ready_ms: number;
  not_ready_ms: number;
  reserved_ms: number;
  on_call_ms: number;
  wrap_up_ms: number;
  break_ms: number;
}

/** packages/kpi VoiceCounters per local 15-minute interval, per queue, per agent, and for all calls ('all', dim_id ''). */
export interface VoiceRollupsTable {
  interval_start: Timestamp;
  dim: 'queue' | 'agent' | 'all';
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

/** The aggregator's merged view of one ticket: its events' state and the packages/kpi TicketFact (JSON). */
export interface TicketFactsTable {
  ticket_id: string;
  created_at: Timestamp | null;
  state: ColumnType<unknown, string, string>;
  fact: ColumnType<unknown, string, string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
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
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface Database {
  agent_state_intervals: AgentStateIntervalsTable;
  agent_state_rollups: AgentStateRollupsTable;
  agent_state_rollups_all: AgentStateRollupsAllTable;
  voice_rollups: VoiceRollupsTable;
  ticket_facts: TicketFactsTable;
  ticket_rollups: TicketRollupsTable;
  missed_call_callbacks: MissedCallCallbacksTable;
  scorecard_adjustments: ScorecardAdjustmentsTable;
}

// ---- Recordings (migration 0006): metadata, access audit, QA reviews.

export interface RecordingsTable {
  recording_id: string;
  call_id: string;
  agent_id: string | null;
  path: string;
  duration_ms: number;
  sample_rate: number;
  channels: number;
  sha256: string;
  stored_at: Timestamp;
  retention_until: Timestamp;
  legal_hold: Generated<boolean>;
  legal_hold_reason: string | null;
  legal_hold_by: string | null;
  legal_hold_at: Timestamp | null;
  purged_at: Timestamp | null;
}

export interface RecordingAccessAuditTable {
  id: Generated<string>;
  recording_id: string;
  user_id: string | null;
  role: string | null;
  action: 'play' | 'review' | 'hold' | 'release' | 'purge';
  allowed: boolean;
  http_status: number;
  ip: string | null;
  byte_range: string | null;
  at: GeneratedTimestamp;
}

export interface RecordingReviewsTable {
  id: Generated<string>;
  recording_id: string;
  reviewer_id: string;
  score: number;
  notes: string | null;
  created_at: GeneratedTimestamp;
}

export interface Database {
  recordings: RecordingsTable;
  recording_access_audit: RecordingAccessAuditTable;
  recording_reviews: RecordingReviewsTable;
}
