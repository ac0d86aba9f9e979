-- Tickets (工单): the workflow document of @hotline/tickets plus the columns lists filter on,
-- the append-only history, callback tasks (回访, 漏接回拨) and the event outbox.
create extension if not exists pg_trgm;

create table tickets (
  id               uuid primary key,
  -- The whole @hotline/tickets Ticket; the columns below are copies kept for filtering and sorting.
  doc              jsonb not null,
  state            text not null,
  version          integer not null check (version >= 1),
  source           text not null,
  category         text,
  urgency          text not null,
  department       text references departments (id),
  first_department text references departments (id),
  final_department text references departments (id),
  -- The call the ticket was written from; a plain column because the aggregator writes calls
  -- asynchronously (the API checks it exists when the ticket is created).
  call_id          text,
  -- What the caller history (screen-pop) looks up: the calling line's normalised number and the
  -- contact (a normalised number or an e-mail address).
  caller_number    text,
  contact   text,
  caller_name      text,
  location         text,
  event            text,
  request          text,
  search_text      text generated always as (
    -- concat_ws is only stable, || is immutable (required of a generated column).
    lower(coalesce(caller_name, '') || ' ' || coalesce(location, '') || ' ' || coalesce(event, '') || ' ' ||
          coalesce(request, '') || ' ' || coalesce(contact, '') || ' ' || coalesce(caller_number, ''))
  ) stored,
  created_by       text not null,
  created_at       timestamptz not null,
  updated_at       timestamptz not null,
  -- SLA due times from @hotline/sla (null where that clock has not started).
  dispatch_due_at      timestamptz,
  return_review_due_at timestamptz,
  callback_due_at      timestamptz,
  dept_due_at          timestamptz,
  stale_hold_due_at    timestamptz,
  -- The one deadline the ticket waits on in its current state: what ?due=overdue|soon reads.
  next_due_kind    text,
  next_due_at      timestamptz
);
create index tickets_created on tickets (created_at desc, id desc);
create index tickets_state_created on tickets (state, created_at desc, id desc);
create index tickets_department_created on tickets (department, created_at desc, id desc);
create index tickets_next_due on tickets (next_due_at) where next_due_at is not null;
create index tickets_department_next_due on tickets (department, next_due_at) where next_due_at is not null;
create index tickets_call on tickets (call_id) where call_id is not null;
create index tickets_caller_number on tickets (caller_number, created_at desc) where caller_number is not null;
create index tickets_contact on tickets (contact, created_at desc) where contact is not null;
create index tickets_search on tickets using gin (search_text gin_trgm_ops);

-- One row per action, never updated or deleted (the trigger refuses both).
create table ticket_history (
  id         bigint generated always as identity primary key,
  ticket_id  uuid not null references tickets (id),
  version    integer not null,
  action     text not null,
  from_state text,
  to_state   text not null,
  actor_id   text not null,
  actor_role text not null,
  actor_department text,
  at         timestamptz not null,
  -- The validated action payload and the fields it changed ({ field, from, to }[]).
  payload    jsonb not null,
  changes    jsonb not null,
  unique (ticket_id, version)
);

create function ticket_history_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'ticket_history is append-only';
end $$;
create trigger ticket_history_append_only before update or delete on ticket_history
  for each row execute function ticket_history_append_only();

-- Callback tasks: a ticket's 回访 (needsCallback) or a missed call's 漏接回拨 (one open task per number).
create table callback_tasks (
  id                uuid primary key default gen_random_uuid(),
  kind              text not null check (kind in ('ticket', 'missed_call')),
  ticket_id         uuid references tickets (id),
  dedupe_key        text not null,
  -- Why the ticket is called back (category, dissatisfied, dispatched, sampled) or 'missed_call'.
  reason            text not null,
  number            text,
  call_ids          text[] not null default '{}',
  queue_id          text,
  first_abandoned_at timestamptz,
  last_abandoned_at  timestamptz,
  longest_wait_ms   integer,
  due_at            timestamptz,
  status            text not null default 'open' check (status in ('open', 'done', 'cancelled')),
  attempts          integer not null default 0,
  reached           boolean,
  satisfaction      text check (satisfaction in ('satisfied', 'dissatisfied')),
  note              text,
  done_by           text,
  done_at           timestamptz,
  created_at        timestamptz not null,
  updated_at        timestamptz not null,
  check ((kind = 'ticket') = (ticket_id is not null))
);
create unique index callback_tasks_open_key on callback_tasks (dedupe_key) where status = 'open';
create index callback_tasks_open_due on callback_tasks (due_at) where status = 'open';
create index callback_tasks_created on callback_tasks (created_at desc, id desc);
create index callback_tasks_ticket on callback_tasks (ticket_id) where ticket_id is not null;

-- What the missed-call sync decided for each abandoned call: the task it joined, or why none.
create table missed_calls (
  call_id    text primary key,
  task_id    uuid references callback_tasks (id),
  skip       text check (skip in ('no_number', 'unusable_number', 'short_abandon')),
  synced_at  timestamptz not null default now(),
  check ((task_id is null) <> (skip is null))
);

-- Ticket events written in the ticket's transaction and published to BullMQ after the commit,
-- so an event is never published for a rolled-back change nor lost when Redis is down.
create table ticket_event_outbox (
  -- Publication order: the order the events were written in (now() is the same within a transaction).
  seq          bigint generated always as identity primary key,
  event_id     uuid not null unique,
  -- null for events of missed-call callback tasks.
  ticket_id    uuid,
  event        jsonb not null,
  created_at   timestamptz not null default now(),
  published_at timestamptz,
  attempts     integer not null default 0,
  last_error   text
);
create index ticket_event_outbox_pending on ticket_event_outbox (seq) where published_at is null;
