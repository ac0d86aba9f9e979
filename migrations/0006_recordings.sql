-- Call recordings (one stereo WAV per call: left caller, right agent), their retention and
-- legal hold, every access to them, and QA reviews. Rows are imported by the API from the
-- recording.stored events the aggregator keeps in call_events (idempotent on recording_id).
create table recordings (
  recording_id     text primary key,
  call_id          text not null,
  agent_id         text,
  -- Relative to RECORDINGS_DIR (never an absolute path: the API resolves it under that root).
  path             text not null check (path !~ '(^/|\.\.)'),
  duration_ms      integer not null check (duration_ms >= 0),
  sample_rate      integer not null check (sample_rate > 0),
  channels         integer not null check (channels > 0),
  sha256           text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  stored_at        timestamptz not null,
  retention_until  timestamptz not null,
  legal_hold       boolean not null default false,
  legal_hold_reason text check (length(legal_hold_reason) <= 500),
  legal_hold_by    text,
  legal_hold_at    timestamptz,
  purged_at        timestamptz
);
create index recordings_call on recordings (call_id);
-- The purge job's scan: expired, not purged.
create index recordings_expiry on recordings (retention_until) where purged_at is null;

-- Every access to a recording, allowed or refused (PRODUCT.md: authenticated, role-checked, audited).
create table recording_access_audit (
  id           bigserial primary key,
  recording_id text not null,
  user_id      text,
  role         text,
  action       text not null check (action in ('play', 'review', 'hold', 'release', 'purge')),
  allowed      boolean not null,
  http_status  integer not null,
  ip           text,
  byte_range   text,
  at           timestamptz not null default now()
);
create index recording_access_audit_recording on recording_access_audit (recording_id, at);

-- QA reviews of recordings (the QA sampling rate counts reviewed recordings).
create table recording_reviews (
  id           bigserial primary key,
  recording_id text not null references recordings (recording_id),
  reviewer_id  text not null,
  score        integer not null check (score between 0 and 100),
  notes        text check (length(notes) <= 4000),
  created_at   timestamptz not null default now()
);
create index recording_reviews_recording on recording_reviews (recording_id);
