-- KPI storage (issue 5): call facts beyond the foundation columns, agent state intervals,
-- ticket facts, and the 15-minute rollups every period's figures are summed from.

-- Call facts: what the KPI formulas of KPIS.md need per call (packages/kpi CallFact).
alter table calls
  add column offered_at    timestamptz,
  add column offers        integer not null default 0,
  add column rona_count    integer not null default 0,
  add column talk_ms       integer not null default 0,
  add column hold_ms       integer not null default 0,
  add column acw_ms        integer not null default 0,
  add column survey        text,
  add column callback_requested boolean not null default false,
  add column called_back   boolean not null default false,
  add column recorded      boolean not null default false,
  add column reviewed      boolean not null default false,
  -- The earliest event seen for the call: stands in for arrived_at until call.arrived comes.
  add column first_seen_at timestamptz;
-- Evidence lists read a month of offered calls: calls belong to the interval they were queued in.
create index calls_queued_at on calls (queued_at) where queued_at is not null;

-- One row per agent state change; an interval lasts until the agent's next change (ended_at,
-- recomputed when a change arrives late). ACW of a call = its wrap_up interval.
create table agent_state_intervals (
  event_id   uuid primary key,
  agent_id   text not null,
  state      text not null,
  started_at timestamptz not null,
  ended_at   timestamptz,
  call_id    text,
  reason     text
);
create index agent_state_intervals_agent on agent_state_intervals (agent_id, started_at);
create index agent_state_intervals_started on agent_state_intervals (started_at);
create index agent_state_intervals_call on agent_state_intervals (call_id) where call_id is not null;

-- Time agents spent in each state per 15-minute interval (closed intervals only), per agent and
-- for all agents ('*'): utilisation's signed-in and break time without scanning intervals.
create table agent_state_rollups (
  interval_start timestamptz not null,
  agent_id       text not null,
  state          text not null,
  ms             bigint not null,
  primary key (agent_id, interval_start, state)
);

-- Voice counters (packages/kpi VoiceCounters) per local 15-minute interval, per queue
-- (dim = 'queue') and per agent (dim = 'agent'); '' is "none" (IVR-only calls, unanswered calls).
-- Every column is a sum except wait_max_ms (a max); answered_within maps threshold ms -> count.
create table voice_rollups (
  interval_start             timestamptz not null,
  dim                        text not null check (dim in ('queue', 'agent')),
  dim_id                     text not null,
  arrived                    integer not null default 0,
  offered                    integer not null default 0,
  answered                   integer not null default 0,
  answered_within            jsonb not null default '{}',
  abandoned                  integer not null default 0,
  short_abandoned            integer not null default 0,
  wait_sum_ms                bigint not null default 0,
  wait_max_ms                integer not null default 0,
  talk_ms                    bigint not null default 0,
  hold_ms                    bigint not null default 0,
  acw_ms                     bigint not null default 0,
  handled                    integer not null default 0,
  surveyed                   integer not null default 0,
  survey_satisfied           integer not null default 0,
  survey_basically_satisfied integer not null default 0,
  survey_dissatisfied        integer not null default 0,
  survey_no_answer           integer not null default 0,
  abandoned_called_back      integer not null default 0,
  recordings                 integer not null default 0,
  recordings_reviewed        integer not null default 0,
  primary key (dim, dim_id, interval_start)
);
create index voice_rollups_interval on voice_rollups (interval_start, dim);

-- Adds two {key: number} maps key by key (answered_within, ticket channel counters).
create function kpi_add_counts(a jsonb, b jsonb) returns jsonb
language sql immutable parallel safe as $$
  select coalesce(jsonb_object_agg(k, coalesce((a ->> k)::bigint, 0) + coalesce((b ->> k)::bigint, 0)), '{}'::jsonb)
    from (select jsonb_object_keys(a) union select jsonb_object_keys(b)) keys(k)
$$;

-- One row per ticket: the aggregator's merged state of its events (`state`) and the
-- packages/kpi TicketFact derived from it (`fact`), which evidence lists judge tickets by.
create table ticket_facts (
  ticket_id  text primary key,
  created_at timestamptz,
  state      jsonb not null,
  fact       jsonb not null,
  updated_at timestamptz not null default now()
);
create index ticket_facts_created on ticket_facts (created_at);

-- Ticket counters (packages/kpi TicketCounters, as JSON) per local 15-minute interval of creation.
create table ticket_rollups (
  interval_start timestamptz primary key,
  counters       jsonb not null
);

-- Abandoned calls a missed-call callback reached (ticket.callback_recorded kind missed_call):
-- kept apart from `calls` so a callback stored before the call's own events still counts.
create table missed_call_callbacks (
  call_id   text primary key,
  reached_at timestamptz not null
);
