-- Foundation: raw events (append-only, idempotent on event_id) and one merged row per call.
create table call_events (
  event_id    uuid primary key,
  call_id     text,
  type        text not null,
  at          timestamptz not null,
  payload     jsonb not null,
  received_at timestamptz not null default now()
);
create index call_events_call_id on call_events (call_id);
create index call_events_at on call_events (at);

create table calls (
  call_id         text primary key,
  caller          text,
  dialed          text,
  channel_id      text,
  arrived_at      timestamptz,
  ivr_answered_at timestamptz,
  queue_id        text,
  queued_at       timestamptz,
  answered_at     timestamptz,
  agent_id        text,
  wait_ms         integer,
  abandoned_at    timestamptz,
  ended_at        timestamptz,
  end_cause       text,
  updated_at      timestamptz not null default now()
);
create index calls_arrived_at on calls (arrived_at);
create index calls_caller on calls (caller, arrived_at desc);
create index calls_agent_answered on calls (agent_id, answered_at);
