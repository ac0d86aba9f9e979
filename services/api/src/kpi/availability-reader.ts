import type { Db } from '@hotline/db';
import { measuredUntil, type MeasuredPeriod, type UpMinutes } from '@hotline/kpi';
import { sql } from 'kysely';
import type { RollupStep } from './rollup-reader.js';

export interface AvailabilityMinutes {
  readonly measured: MeasuredPeriod;
  /** Per step start (epoch ms): the minutes in which each component was up on at least one controller. */
  readonly byStep: Map<number, UpMinutes>;
}

function stepKey(step: RollupStep, tz: string) {
  // The same local boundaries as packages/kpi bucketStart (every zone's offset is a multiple of 15 min).
  return step === '15m' ? sql`to_timestamp(floor(extract(epoch from minute) / 900) * 900)` : sql`date_trunc(${step}, minute, ${tz})`;
}

/**
 * The controllers' minute samples of [from, to) counted per step: a minute is up for a component
 * when any instance had it up (another controller takes the calls of one that is down). Only
 * minutes inside the measured period are counted (see packages/kpi availabilityOfMinutes).
 */
export async function availabilityMinutesBy(db: Db, range: { from: number; to: number; step: RollupStep; tz: string }, now: number): Promise<AvailabilityMinutes> {
  const { rows: first } = await sql<{ first: Date | null }>`select min(minute) as first from platform_availability`.execute(db);
  const measured: MeasuredPeriod = { from: first[0]?.first ? first[0].first.getTime() : null, to: measuredUntil(now) };
  const byStep = new Map<number, UpMinutes>();
  const to = Math.min(range.to, measured.to);
  if (measured.from === null || to <= range.from) return { measured, byStep };
  const { rows } = await sql<{ t: string; telephony: number; ivr: number; queue: number; seats: number }>`
    with minutes as (
      select minute, bool_or(telephony) as telephony, bool_or(ivr) as ivr, bool_or(queue) as queue, bool_or(seats) as seats
        from platform_availability
       where minute >= ${new Date(range.from)} and minute < ${new Date(to)}
       group by minute
    )
    select (extract(epoch from ${stepKey(range.step, range.tz)}) * 1000)::bigint as t,
           count(*) filter (where telephony)::int as telephony, count(*) filter (where ivr)::int as ivr,
           count(*) filter (where queue)::int as queue, count(*) filter (where seats)::int as seats
      from minutes
     group by 1`.execute(db);
  for (const r of rows) byStep.set(Number(r.t), { telephony: r.telephony, ivr: r.ivr, queue: r.queue, seats: r.seats });
  return { measured, byStep };
}
