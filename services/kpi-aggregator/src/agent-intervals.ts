import type { Database } from '@hotline/db';
import type { AgentEvent } from '@hotline/events';
import { sql, type Transaction } from 'kysely';

/** An agent's current state, for the live snapshot. */
export interface AgentNow {
  agentId: string;
  state: string;
  since: number;
}

/**
 * Stores each state change as the start of an interval and recomputes, for the agents
 * touched, when each interval ends (the agent's next change): a change delivered late
 * splits the interval it falls into. Keeps agent_state_rollups in step. Returns the calls
 * whose wrap-up (ACW) changed and the touched agents' latest states.
 */
export async function writeAgentIntervals(
  trx: Transaction<Database>,
  events: readonly AgentEvent[],
): Promise<{ acwCalls: Set<string>; agents: AgentNow[] }> {
  if (events.length === 0) return { acwCalls: new Set(), agents: [] };
  const rows = events.map((e) => ({ event_id: e.eventId, agent_id: e.agentId, state: e.to, started_at: e.at, call_id: e.callId ?? null, reason: e.reason ?? null }));
  await sql`
    insert into agent_state_intervals (event_id, agent_id, state, started_at, call_id, reason)
    select event_id, agent_id, state, started_at, call_id, reason
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as r(event_id uuid, agent_id text, state text, started_at timestamptz, call_id text, reason text)
    on conflict (event_id) do nothing`.execute(trx);
  const earliest = new Map<string, string>();
  for (const r of rows) if (!earliest.has(r.agent_id) || r.started_at < earliest.get(r.agent_id)!) earliest.set(r.agent_id, r.started_at);
  const touched = [...earliest].map(([agent_id, from]) => ({ agent_id, from }));
  // Only the interval before the earliest new change and those after it can change their end.
  // Each changed interval moves its time in agent_state_rollups: its old span out, its new span
  // in, cut at 15-minute boundaries (UTC-aligned quarters are local quarters in every real zone).
  const { rows: changed } = await sql<{ call_id: string | null; state: string }>`
    with touched as (
      select * from jsonb_to_recordset(${JSON.stringify(touched)}::jsonb) as t(agent_id text, "from" timestamptz)
    ), bounds as (
      select t.agent_id, coalesce((select max(p.started_at) from agent_state_intervals p
                                    where p.agent_id = t.agent_id and p.started_at < t."from"), '-infinity') as since
        from touched t
    ), scope as (
      select i.event_id, i.ended_at as old_end,
             lead(i.started_at) over (partition by i.agent_id order by i.started_at, i.event_id) as next_start
        from agent_state_intervals i
        join bounds b on b.agent_id = i.agent_id and i.started_at >= b.since
    ), changed as (
      update agent_state_intervals a set ended_at = s.next_start
        from scope s
       where a.event_id = s.event_id and a.ended_at is distinct from s.next_start
      returning a.agent_id, a.state, a.call_id, a.started_at, s.old_end, a.ended_at as new_end
    ), spans as (
      select c.agent_id, c.state, p.sign, p.s, p.e
        from changed c cross join lateral (values (1, c.started_at, c.new_end), (-1, c.started_at, c.old_end)) p(sign, s, e)
       where c.state <> 'signed_out' and p.e is not null and p.e > p.s
    ), slots as (
      select agent_id, state, g as slot,
             sign * extract(epoch from least(e, g + interval '15 minutes') - greatest(s, g)) * 1000 as ms
        from spans, generate_series(date_bin('15 minutes', s, timestamptz '2000-01-01 00:00:00+00'), e - interval '1 microsecond', interval '15 minutes') g
    ), rolled as (
      insert into agent_state_rollups (interval_start, agent_id, state, ms)
      select slot, who, state, sum(ms)::bigint
        from (select slot, agent_id as who, state, ms from slots union all select slot, '*', state, ms from slots) k
       group by 1, 2, 3
      on conflict (agent_id, interval_start, state) do update set ms = agent_state_rollups.ms + excluded.ms
    )
    select call_id, state from changed`.execute(trx);
  const acwCalls = new Set(changed.filter((c) => c.state === 'wrap_up' && c.call_id !== null).map((c) => c.call_id!));
  const { rows: latest } = await sql<AgentNow>`
    select distinct on (agent_id) agent_id as "agentId", state, (extract(epoch from started_at) * 1000)::bigint as since
      from agent_state_intervals
     where agent_id = any(${[...earliest.keys()]})
     order by agent_id, started_at desc, event_id desc`.execute(trx);
  return { acwCalls, agents: latest };
}
