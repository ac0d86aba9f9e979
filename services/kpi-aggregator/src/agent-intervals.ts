import type { AgentEvent } from '@hotline/events';
import type { AgentIntervalChanges, IntervalRow } from './agent-interval-fold.js';
import { fromEpochMs, numberArray, textArray } from './pg-arrays.js';
import type { Statement } from './statement.js';

export type { AgentNow } from './agent-interval-fold.js';

/** Each state change as the start of an interval (its end is the agent's next change). */
export function freshIntervalsOf(events: readonly AgentEvent[]): IntervalRow[] {
  return events.map((e) => ({
    eventId: e.eventId, agentId: e.agentId, state: e.to, startedAt: Date.parse(e.at), endedAt: null, callId: e.callId ?? null, reason: e.reason ?? null,
  }));
}

// The fold's changes in one statement (one round trip): the new intervals, the moved ends of
// stored ones (never a row inserted here), the agent-time rollup rows the fold knows to be new
// (a plain insert: no look-up for a conflict) and the changes of the others.
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
  )
  insert into agent_state_rollups (interval_start, agent_id, state, ms)
  select ${fromEpochMs('start_ms')}, agent_id, state, ms from unnest($10::bigint[], $11::text[], $12::text[], $13::bigint[]) as r(start_ms, agent_id, state, ms)
  on conflict (agent_id, interval_start, state) do update set ms = agent_state_rollups.ms + excluded.ms`;

/**
 * The statement storing what foldAgentIntervals decided: the new intervals, the ends of the
 * stored ones it moved, and the agent_state_rollups changes (none when nothing changed).
 */
export function agentChangesStatement({ inserts: ins, ends, rollups: r, newRollups: n }: AgentIntervalChanges): Statement | undefined {
  if (ins.length === 0 && ends.length === 0 && r.length === 0 && n.length === 0) return undefined;
  return { text: WRITE_CHANGES, values: [
    textArray(ins.map((i) => i.eventId)), textArray(ins.map((i) => i.agentId)), textArray(ins.map((i) => i.state)),
    numberArray(ins.map((i) => i.startedAt)), numberArray(ins.map((i) => i.endedAt)), textArray(ins.map((i) => i.callId)), textArray(ins.map((i) => i.reason)),
    textArray(ends.map((e) => e.eventId)), numberArray(ends.map((e) => e.endedAt)),
    numberArray(r.map((d) => d.intervalStart)), textArray(r.map((d) => d.agentId)), textArray(r.map((d) => d.state)), numberArray(r.map((d) => d.ms)),
    numberArray(n.map((d) => d.intervalStart)), textArray(n.map((d) => d.agentId)), textArray(n.map((d) => d.state)), numberArray(n.map((d) => d.ms)),
  ] };
}
