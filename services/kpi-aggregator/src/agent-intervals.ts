import type { AgentEvent } from '@hotline/events';
import type pg from 'pg';
import { foldAgentIntervals, type AgentNow, type IntervalRow } from './agent-interval-fold.js';
import { fromEpochMs, numberArray, textArray } from './pg-arrays.js';

export type { AgentNow } from './agent-interval-fold.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

// The fold's three changes in one statement (one round trip): the new intervals, the moved
// ends of stored ones (never a row inserted here), the agent-time rollups.
const WRITE_CHANGES = `
  with inserted as (
    insert into agent_state_intervals (event_id, agent_id, state, started_at, ended_at, call_id, reason)
    select event_id, agent_id, state, ${fromEpochMs('started_ms')}, ${fromEpochMs('ended_ms')}, call_id, reason
      from unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[])
        as t(event_id, agent_id, state, started_ms, ended_ms, call_id, reason)
  ), ended as (
    update agent_state_intervals a set ended_at = ${fromEpochMs('u.ended_ms')}
      from unnest($8::uuid[], $9::bigint[]) as u(event_id, ended_ms) where a.event_id = u.event_id
  )
  insert into agent_state_rollups (interval_start, agent_id, state, ms)
  select ${fromEpochMs('start_ms')}, agent_id, state, ms from unnest($10::bigint[], $11::text[], $12::text[], $13::bigint[]) as r(start_ms, agent_id, state, ms)
  on conflict (agent_id, interval_start, state) do update set ms = agent_state_rollups.ms + excluded.ms`;

/**
 * Stores each state change as the start of an interval, sets the ends of the touched agents'
 * intervals (the next change) and keeps agent_state_rollups in step: one read of the
 * intervals that can change, the rest computed in memory (foldAgentIntervals), then one
 * statement for all three changes. Returns the calls whose wrap-up (ACW) changed and the touched agents'
 * latest states.
 */
export async function writeAgentIntervals(client: pg.ClientBase, events: readonly AgentEvent[]): Promise<{ acwCalls: Set<string>; agents: AgentNow[] }> {
  if (events.length === 0) return { acwCalls: new Set(), agents: [] };
  const fresh: IntervalRow[] = events.map((e) => ({
    eventId: e.eventId, agentId: e.agentId, state: e.to, startedAt: Date.parse(e.at), endedAt: null, callId: e.callId ?? null, reason: e.reason ?? null,
  }));
  const earliest = new Map<string, number>();
  for (const r of fresh) earliest.set(r.agentId, Math.min(earliest.get(r.agentId) ?? Infinity, r.startedAt));
  // Per touched agent: the interval before its earliest new change, and every one after.
  const { rows } = await client.query<{ event_id: string; agent_id: string; state: string; started_at: number; ended_at: number | null; call_id: string | null; reason: string | null }>(
    `select i.event_id, i.agent_id, i.state, (extract(epoch from i.started_at) * 1000)::bigint as started_at,
            (extract(epoch from i.ended_at) * 1000)::bigint as ended_at, i.call_id, i.reason
       from unnest($1::text[], $2::timestamptz[]) as t(agent_id, from_at)
       cross join lateral (select coalesce(max(p.started_at), '-infinity') as since
                             from agent_state_intervals p where p.agent_id = t.agent_id and p.started_at < t.from_at) b
       join agent_state_intervals i on i.agent_id = t.agent_id and i.started_at >= b.since`,
    [[...earliest.keys()], [...earliest.values()].map(iso)],
  );
  const stored = rows.map((r): IntervalRow => ({
    eventId: r.event_id, agentId: r.agent_id, state: r.state, startedAt: r.started_at, endedAt: r.ended_at, callId: r.call_id, reason: r.reason,
  }));
  const changes = foldAgentIntervals(stored, fresh);

  const { inserts: ins, ends, rollups: r } = changes;
  await client.query(WRITE_CHANGES, [
    textArray(ins.map((i) => i.eventId)), textArray(ins.map((i) => i.agentId)), textArray(ins.map((i) => i.state)),
    numberArray(ins.map((i) => i.startedAt)), numberArray(ins.map((i) => i.endedAt)), textArray(ins.map((i) => i.callId)), textArray(ins.map((i) => i.reason)),
    textArray(ends.map((e) => e.eventId)), numberArray(ends.map((e) => e.endedAt)),
    numberArray(r.map((d) => d.intervalStart)), textArray(r.map((d) => d.agentId)), textArray(r.map((d) => d.state)), numberArray(r.map((d) => d.ms)),
  ]);
  return { acwCalls: changes.acwCalls, agents: changes.latest };
}
