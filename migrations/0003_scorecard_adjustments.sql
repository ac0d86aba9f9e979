-- Manual scorecard items: a supervisor's signed points with a reason and an author (issue 5).
-- Append-only: a mistaken adjustment is corrected by an opposite one, so the audit trail stays whole.
create table scorecard_adjustments (
  id         bigserial primary key,
  preset_id  text not null,
  month      text not null check (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  item_id    text not null,
  points     numeric not null,
  reason     text not null check (length(reason) between 1 and 2000),
  author     text not null check (length(author) between 1 and 128),
  created_at timestamptz not null default now()
);
create index scorecard_adjustments_month on scorecard_adjustments (preset_id, month);
