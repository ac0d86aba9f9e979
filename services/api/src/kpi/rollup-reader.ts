import { AGENT_STATE_ROLLUP_ALL_COLUMNS, VOICE_ROLLUP_SUMMED_COLUMNS, type Db } from '@hotline/db';
import type { TicketCounters, VoiceCounters } from '@hotline/kpi';
import { emptyVoiceCounters, ticketCountersFromMap } from '@hotline/kpi';
import { sql } from 'kysely';

/** Which rollup rows to read: all calls, one queue, or one agent. */
export type RollupScope = { readonly queue?: string | undefined; readonly agent?: string | undefined };

const SUMMED = VOICE_ROLLUP_SUMMED_COLUMNS;
const sums = sql.raw(SUMMED.map(([, c]) => `sum(${c})::bigint as ${c}`).join(', '));

function scopeFilter(scope: RollupScope) {
  if (scope.agent !== undefined) return sql`dim = 'agent' and dim_id = ${scope.agent}`;
  if (scope.queue !== undefined) return sql`dim = 'queue' and dim_id = ${scope.queue}`;
  // One row per interval for all calls (what its queue rows add up to: migrations/0008_voice_rollups_all).
  return sql`dim = 'all'`;
}

/** The rollups are read summed per 15-minute interval, local hour or local day (the finest step a granularity needs). */
export type RollupStep = '15m' | 'hour' | 'day';

function stepKey(step: RollupStep, tz: string) {
  // date_trunc in the zone gives the same local boundaries as packages/kpi bucketStart.
  return step === '15m' ? sql`interval_start` : sql`date_trunc(${step}, interval_start, ${tz})`;
}

/**
 * The voice counters of [from, to) (epoch ms) per step, summed in SQL over the scope's rollup
 * rows: a month is at most 31 rows back, never a scan of call facts.
 */
export async function voiceCountersBy(
  db: Db,
  range: { from: number; to: number; step: RollupStep; tz: string },
  scope: RollupScope,
  thresholdsMs: readonly number[],
): Promise<Map<number, VoiceCounters>> {
  // One pass, no jsonb_each join: each configured threshold is summed by key, and whether every
  // row carries it is checked (rows rolled up with other thresholds then fail loudly).
  const within = sql.join(
    thresholdsMs.map((t) => sql`sum((answered_within ->> ${String(t)})::bigint) as ${sql.ref(`w${t}`)}, bool_and(answered_within ? ${String(t)}) as ${sql.ref(`h${t}`)}`),
  );
  const { rows } = await sql<Record<string, number | boolean>>`
    select (extract(epoch from ${stepKey(range.step, range.tz)}) * 1000)::bigint as t, ${sums}, max(wait_max_ms) as wait_max_ms, ${within}
      from voice_rollups
     where ${scopeFilter(scope)} and interval_start >= ${new Date(range.from)} and interval_start < ${new Date(range.to)}
     group by 1`.execute(db);
  const out = new Map<number, VoiceCounters>();
  for (const r of rows) {
    // A threshold missing from the rows stays missing: merging with the configured ones then
    // throws CounterShapeError instead of reading it as 0.
    const answeredWithin = Object.fromEntries(thresholdsMs.filter((t) => r[`h${t}`] === true).map((t) => [String(t), Number(r[`w${t}`])]));
    const c: Record<string, unknown> = { ...emptyVoiceCounters(thresholdsMs), answeredWithin, waitMaxMs: Number(r.wait_max_ms) };
    for (const [field, col] of SUMMED) c[field] = Number(r[col]);
    out.set(Number(r.t), c as unknown as VoiceCounters);
  }
  return out;
}

/** Ticket counters of the tickets created in [from, to), per step. */
export async function ticketCountersBy(db: Db, range: { from: number; to: number; step: RollupStep; tz: string }): Promise<Map<number, TicketCounters>> {
  const { rows } = await sql<{ t: number; k: string; n: number }>`
    select (extract(epoch from ${stepKey(range.step, range.tz)}) * 1000)::bigint as t, c.key as k, sum(c.value::bigint)::bigint as n
      from ticket_rollups, jsonb_each_text(counters) c
     where interval_start >= ${new Date(range.from)} and interval_start < ${new Date(range.to)}
     group by 1, 2`.execute(db);
  const maps = new Map<number, Record<string, number>>();
  for (const r of rows) maps.set(Number(r.t), { ...maps.get(Number(r.t)), [r.k]: Number(r.n) });
  return new Map([...maps].map(([t, m]) => [t, ticketCountersFromMap(m)]));
}

// All agents' signed-in time: every column of agent_state_rollups_all (signed_out has none).
const allAgentsSignedIn = sql.raw(AGENT_STATE_ROLLUP_ALL_COLUMNS.map(([, c]) => c).join(' + '));

/** Signed-in and break time per step, from the agent-state rollups (closed intervals): one agent's, or all agents' (undefined). */
export async function agentTimeBy(db: Db, range: { from: number; to: number; step: RollupStep; tz: string }, agent: string | undefined): Promise<Map<number, { signedInMs: number; breakMs: number }>> {
  const during = sql`interval_start >= ${new Date(range.from)} and interval_start < ${new Date(range.to)}`;
  const t = sql`(extract(epoch from ${stepKey(range.step, range.tz)}) * 1000)::bigint as t`;
  const { rows } = await (agent === undefined
    ? sql<{ t: number; signed_in_ms: number; break_ms: number }>`
        select ${t}, coalesce(sum(${allAgentsSignedIn}), 0)::bigint as signed_in_ms, coalesce(sum(break_ms), 0)::bigint as break_ms
          from agent_state_rollups_all
         where ${during}
         group by 1`
    : sql<{ t: number; signed_in_ms: number; break_ms: number }>`
        select ${t},
               coalesce(sum(ms) filter (where state <> 'signed_out'), 0)::bigint as signed_in_ms,
               coalesce(sum(ms) filter (where state = 'break'), 0)::bigint as break_ms
          from agent_state_rollups
         where agent_id = ${agent} and ${during}
         group by 1`
  ).execute(db);
  return new Map(rows.map((r) => [Number(r.t), { signedInMs: Number(r.signed_in_ms), breakMs: Number(r.break_ms) }]));
}
