-- Platform availability (issue 8; KPIS.md "platform availability"): one row per minute per
-- controller process, from its platform.availability events. A component is up in a minute when
-- any instance had it up; a minute with no row is down. Idempotent on the event and the minute.
create table platform_availability (
  minute    timestamptz not null check (extract(second from minute) = 0),
  instance  text not null,
  telephony boolean not null,
  ivr       boolean not null,
  queue     boolean not null,
  seats     boolean not null,
  probes    integer not null check (probes > 0),
  event_id  uuid not null unique,
  primary key (minute, instance)
);
