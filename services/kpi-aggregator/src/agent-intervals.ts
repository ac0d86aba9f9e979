import type { AgentEvent } from '@hotline/events';
import { AGENT_STATE_ROLLUP_ALL_COLUMNS } from '@hotline/db';
import type { AgentIntervalChanges, AllAgentsRollupDelta, IntervalRow } from './agent-interval-fold.js';
import { fromEpochMs, numberArray, textArray } from './pg-arrays.js';
import type { Statement } from './statement.js';

export type { AgentNow } from './agent-interval-fold.js';

/** Each state change as the start of an interval (its end is the agent's next change). */
export function freshIntervalsOf(events: readonly AgentEvent[]): IntervalRow[] {
  return events.map((e) => ({
    eventId: e.eventId, agentId: e.agentId, state: e.to, startedAt: Date.parse(e.at), endedAt: null, callId: e.callId ?? null, reason: e.reason ?? null,
  }));
}

const ALL_COLUMNS = AGENT_STATE_ROLLUP_ALL_COLUMNS.map(([, c]) => c);
const COLUMN_OF_STATE = new Map<string, number>(AGENT_STATE_ROLLUP_ALL_COLUMNS.map(([state], i) => [state, i]));

// The fold's changes in one statement (one round trip): the new intervals, the moved ends of
// stored ones (never a row inserted here), the agent-time rollup rows the fold knows to be new
// (a plain insert: no look-up for a conflict), the changes of the others and all agents' rows.
const WRITE_CHANGES = `
  with inserted as (
    insert into agent_state_intervals (event_id, agent_id, state, started_at, ended_at, call_id, reason)
    select event_id, agent_id, state, ${fromEpochMs('started_ms')}, ${fromEpochMs('ended_ms')}, call_id, reason
      from unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[])
        as t(event_id, agent_id, state, started_ms, ended_ms, call_id, reason)
  ), ended as (
    update agent_state_intervals a set ended_at = ${fromEpochMs('u.ended_ms')}
      from unnest($8::uuid[], $9::bigint[]) as u(event_id, ended_ms) where a.event_id = u.event_id
  ), created as (
    insert into agent_state_rollups (interval_start, agent_id, state, ms)
    select ${fromEpochMs('start_ms')}, agent_id, state, ms from unnest($14::bigint[], $15::text[], $16::text[], $17::bigint[]) as r(start_ms, agent_id, state, ms)
  ), all_agents as (
    insert into agent_state_rollups_all (interval_start, ${ALL_COLUMNS.join(', ')})
    select ${fromEpochMs('start_ms')}, ${ALL_COLUMNS.join(', ')}
      from unnest($18::bigint[], ${ALL_COLUMNS.map((_, i) => `$${19 + i}::bigint[]`).join(', ')}) as r(start_ms, ${ALL_COLUMNS.join(', ')})
    on conflict (interval_start) do update set ${ALL_COLUMNS.map((c) => `${c} = agent_state_rollups_all.${c} + excluded.${c}`).join(', ')}
  )
  insert into agent_state_rollups (interval_start, agent_id, state, ms)
  select ${fromEpochMs('start_ms')}, agent_id, state, ms from unnest($10::bigint[], $11::text[], $12::text[], $13::bigint[]) as r(start_ms, agent_id, state, ms)
  on conflict (agent_id, interval_start, state) do update set ms = agent_state_rollups.ms + excluded.ms`;

/** All agents' rows as one array of ms per column; a state without a column (signed_out) is a bug upstream. */
function allAgentsColumns(deltas: readonly AllAgentsRollupDelta[]): number[][] {
  const columns = ALL_COLUMNS.map(() => new Array<number>(deltas.length).fill(0));
  deltas.forEach(({ msByState }, row) => {
    for (const [state, ms] of msByState) {
      const column = COLUMN_OF_STATE.get(state);
      if (column === undefined) throw new Error(`agent_state_rollups_all has no column for state ${state}`);
      columns[column]![row] = ms;
    }
  });
  return columns;
}

/**
 * The statement storing what foldAgentIntervals decided: the new intervals, the ends of the
 * stored ones it moved, and the agent_state_rollups and agent_state_rollups_all changes (none
 * when nothing changed).
 */
export function agentChangesStatement({ inserts: ins, ends, rollups: r, newRollups: n, allAgents: all }: AgentIntervalChanges): Statement | undefined {
  if (ins.length === 0 && ends.length === 0 && r.length === 0 && n.length === 0 && all.length === 0) return undefined;
  return { text: WRITE_CHANGES, values: [
    textArray(ins.map((i) => i.eventId)), textArray(ins.map((i) => i.agentId)), textArray(ins.map((i) => i.state)),
    numberArray(ins.map((i) => i.startedAt)), numberArray(ins.map((i) => i.endedAt)), textArray(ins.map((i) => i.callId)), textArray(ins.map((i) => i.reason)),
    textArray(ends.map((e) => e.eventId)), numberArray(ends.map((e) => e.endedAt)),
    numberArray(r.map((d) => d.intervalStart)), textArray(r.map((d) => d.agentId)), textArray(r.map((d) => d.state)), numberArray(r.map((d) => d.ms)),
    numberArray(n.map((d) => d.intervalStart)), textArray(n.map((d) => d.agentId)), textArray(n.map((d) => d.state)), numberArray(n.map((d) => d.ms)),
    numberArray(all.map((d) => d.intervalStart)), ...allAgentsColumns(all).map(numberArray),
  ] };
}
