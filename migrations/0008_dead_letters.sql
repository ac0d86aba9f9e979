-- Dead letters (issue 8): events the aggregator could not apply, kept to be looked at and
-- replayed (GET /admin/dead-letters, POST /admin/dead-letters/:id/replay): a malformed event
-- (with the schema's reason), one Postgres refused (e.g. a \u0000 in a text field), or a job
-- that failed every BullMQ attempt.
create table dead_letters (
  id          bigserial primary key,
  -- Where it came from: '<BullMQ job id>#<index of the event in the job>', so a job that is
  -- retried, or reported again, records each of its events once.
  source      text not null unique,
  -- From the payload, when it has them (a malformed one may not).
  event_id    text,
  event_type  text,
  reason      text not null,
  -- The event as received, as JSON text: jsonb would refuse some of what bad payloads hold.
  payload     text not null,
  failed_at   timestamptz not null default now(),
  -- Each replay re-enqueues the payload (or a corrected one) as a new job.
  replays     integer not null default 0,
  replayed_at timestamptz
);
