-- All agents' time per 15-minute interval: one row per interval with a column per state, instead of the
-- agent_state_rollups rows of agent_id '*' (one per interval and state). The aggregator adds to these rows batch
-- after batch (a backlog of the agents' month touches every interval of it in every batch): keyed by the
-- interval alone they are a third fewer rows to upsert, in a small index, on pages of their own. Time signed
-- out is never counted. Columns: packages/db AGENT_STATE_ROLLUP_ALL_COLUMNS.
create table agent_state_rollups_all (
  interval_start timestamptz primary key,
  ready_ms       bigint not null default 0,
  not_ready_ms   bigint not null default 0,
  reserved_ms    bigint not null default 0,
  on_call_ms     bigint not null default 0,
  wrap_up_ms     bigint not null default 0,
  break_ms       bigint not null default 0
) with (fillfactor = 70);

insert into agent_state_rollups_all (interval_start, ready_ms, not_ready_ms, reserved_ms, on_call_ms, wrap_up_ms, break_ms)
select interval_start,
       coalesce(sum(ms) filter (where state = 'ready'), 0), coalesce(sum(ms) filter (where state = 'not_ready'), 0),
       coalesce(sum(ms) filter (where state = 'reserved'), 0), coalesce(sum(ms) filter (where state = 'on_call'), 0),
       coalesce(sum(ms) filter (where state = 'wrap_up'), 0), coalesce(sum(ms) filter (where state = 'break'), 0)
  from agent_state_rollups
 where agent_id = '*'
 group by interval_start;
delete from agent_state_rollups where agent_id = '*';
