-- Cheaper agent-time writes for the aggregator (issue 5), whose month backlog inserts ~2.5 agent_state_rollups rows
-- and ~0.3 agent_state_intervals rows per event.
-- agent_state_intervals_started (started_at alone) serves no query: the aggregator reads intervals by agent
-- (agent_state_intervals_agent) and by call (agent_state_intervals_call), nothing else reads the table; it cost an
-- index entry per interval inserted (pg_stat_user_indexes after a bench run: 0 scans).
drop index agent_state_intervals_started;
-- agent_state_rollups holds only per-agent rows since 0013 moved all agents' rows out: nearly all of them are
-- inserted once and not updated batch after batch, so the room 0012 left on each page for updates only spread the
-- table over ~40 % more pages. Applies to the pages written from now on.
alter table agent_state_rollups reset (fillfactor);
