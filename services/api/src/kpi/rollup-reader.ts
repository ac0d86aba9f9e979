import type { Db } from '@hotline/db';
import type { TicketCounters, VoiceCounters } from '@hotline/kpi';
import { emptyVoiceCounters, ticketCountersFromMap } from '@hotline/kpi';
import { sql } from 'kysely';

/** Which rollup rows to read: all calls (the queue rows summed), one queue, or one agent. */
export type RollupScope = { readonly queue?: string | undefined; readonly agent?: string | undefined };

const SUMMED = [
  ['arrived', 'arrived'], ['offered', 'offered'], ['answered', 'answered'], ['abandoned', 'abandoned'],
  ['shortAbandoned', 'short_abandoned'], ['waitSumMs', 'wait_sum_ms'], ['talkMs', 'talk_ms'], ['holdMs', 'hold_ms'],
  ['acwMs', 'acw_ms'], ['handled', 'handled'], ['surveyed', 'surveyed'], ['surveySatisfied', 'survey_satisfied'],
  ['surveyBasicallySatisfied', 'survey_basically_satisfied'], ['surveyDissatisfied', 'survey_dissatisfied'],
  ['surveyNoAnswer', 'survey_no_answer'], ['abandonedCalledBack', 'abandoned_called_back'], ['recordings', 'recordings'],
  ['recordingsReviewed', 'recordings_reviewed'],
] as const;
const sums = sql.raw(SUMMED.map(([, c]) => `sum(${c})::bigint as ${c}`).join(', '));

function scopeFilter(scope: RollupScope) {
  if (scope.agent !== undefined) return sql`dim = 'agent' and dim_id = ${scope.agent}`;
  if (scope.queue !== undefined) return sql`dim = 'queue' and dim_id = ${scope.queue}`;
  // Every call has exactly one queue row ('' for none), so the queue rows add up to all calls.
  return sql`dim = 'queue'`;
}

/**
 * The voice counters of each 15-minute interval in [from, to) (epoch ms), summed over
 * the scope's rollup rows: one row per interval, never a scan of call facts.
 */
export async function voiceCountersByInterval(db: Db, from: number, to: number, scope: RollupScope, thresholdsMs: readonly number[]): Promise<Map<number, VoiceCounters>> {
  const where = sql`${scopeFilter(scope)} and interval_start >= ${new Date(from)} and interval_start < ${new Date(to)}`;
  const [main, within] = await Promise.all([
    sql<Record<string, number> & { t: number }>`
      select (extract(epoch from interval_start) * 1000)::bigint as t, ${sums}, max(wait_max_ms) as wait_max_ms
        from voice_rollups where ${where} group by interval_start`.execute(db),
    sql<{ t: number; k: string; n: number }>`
      select (extract(epoch from interval_start) * 1000)::bigint as t, w.key as k, sum(w.value::bigint)::bigint as n
        from voice_rollups, jsonb_each_text(answered_within) w where ${where} group by interval_start, w.key`.execute(db),
  ]);
  const out = new Map<number, VoiceCounters>();
  for (const r of main.rows) {
    // answeredWithin carries the thresholds the rows were rolled up with; merging them with other
    // settings fails loudly (CounterShapeError) instead of reading a missing threshold as 0.
    const c: Record<string, unknown> = { ...emptyVoiceCounters(thresholdsMs), answeredWithin: {}, waitMaxMs: Number(r.wait_max_ms) };
    for (const [field, col] of SUMMED) c[field] = Number(r[col]);
    out.set(Number(r.t), c as unknown as VoiceCounters);
  }
  for (const r of within.rows) {
    const c = out.get(Number(r.t));
    if (c) (c.answeredWithin as Record<string, number>)[r.k] = Number(r.n);
  }
  return out;
}

/** Ticket counters of each 15-minute interval of creation in [from, to). */
export async function ticketCountersByInterval(db: Db, from: number, to: number): Promise<Map<number, TicketCounters>> {
  const { rows } = await sql<{ t: number; counters: Record<string, number> }>`
    select (extract(epoch from interval_start) * 1000)::bigint as t, counters
      from ticket_rollups where interval_start >= ${new Date(from)} and interval_start < ${new Date(to)}`.execute(db);
  return new Map(rows.map((r) => [Number(r.t), ticketCountersFromMap(r.counters)]));
}

/** Signed-in and break time of agents per bucket, from the state intervals clipped to each bucket. */
export async function agentTimeByBucket(
  db: Db,
  buckets: readonly { start: number; end: number }[],
  agent: string | undefined,
  now: number,
): Promise<Map<number, { signedInMs: number; breakMs: number }>> {
  if (buckets.length === 0) return new Map();
  const starts = buckets.map((b) => new Date(b.start).toISOString());
  const ends = buckets.map((b) => new Date(b.end).toISOString());
  const { rows } = await sql<{ t: number; signed_in_ms: number; break_ms: number }>`
    with b as (select * from unnest(${starts}::timestamptz[], ${ends}::timestamptz[]) as b(s, e)),
         clipped as (
           select (extract(epoch from b.s) * 1000)::bigint as t, i.state,
                  extract(epoch from least(coalesce(i.ended_at, ${new Date(now)}), b.e) - greatest(i.started_at, b.s)) * 1000 as ms
             from b join agent_state_intervals i
               on i.started_at < b.e and coalesce(i.ended_at, ${new Date(now)}) > b.s
            where ${agent === undefined ? sql`true` : sql`i.agent_id = ${agent}`})
    select t, coalesce(sum(ms) filter (where state <> 'signed_out'), 0)::bigint as signed_in_ms,
              coalesce(sum(ms) filter (where state = 'break'), 0)::bigint as break_ms
      from clipped where ms > 0 group by t`.execute(db);
  return new Map(rows.map((r) => [Number(r.t), { signedInMs: Number(r.signed_in_ms), breakMs: Number(r.break_ms) }]));
}
