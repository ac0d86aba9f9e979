import { eventsOfJob } from '@hotline/events';
import type pg from 'pg';

/** An event the aggregator gives up on, with why. */
export interface DeadLetter {
  /** '<job id>#<index in the job>': the same event reported twice is recorded once. */
  source: string;
  payload: unknown;
  reason: string;
}

const MAX_REASON = 2000;
// Postgres text cannot hold \u0000 (JSON.stringify escapes it in the payload; these are raw).
const clean = (s: string, max: number): string => s.replaceAll('\u0000', '').slice(0, max);
const textField = (payload: unknown, key: string): string | null => {
  const v = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? clean(v, 200) : null;
};

/** Stores dead letters in `dead_letters` (migrations/0008), skipping those already there. */
export async function recordDeadLetters(pool: pg.Pool, letters: readonly DeadLetter[]): Promise<void> {
  if (letters.length === 0) return;
  await pool.query(
    `insert into dead_letters (source, event_id, event_type, reason, payload)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
     on conflict (source) do nothing`,
    [
      letters.map((l) => clean(l.source, 300)),
      letters.map((l) => textField(l.payload, 'eventId')),
      letters.map((l) => textField(l.payload, 'type')),
      letters.map((l) => clean(l.reason, MAX_REASON)),
      letters.map((l) => JSON.stringify(l.payload) ?? 'null'),
    ],
  );
}

/** What the aggregator needs of a BullMQ job. */
export interface JobLike {
  id?: string | undefined;
  name: string;
  data: unknown;
  attemptsMade: number;
  opts: { attempts?: number | undefined };
}

/**
 * A failed job's events as dead letters once BullMQ has given up on it (that was its last
 * attempt); undefined while it will be retried.
 */
export function lettersOfExhaustedJob(job: JobLike, err: Error): DeadLetter[] | undefined {
  if (job.attemptsMade < (job.opts.attempts ?? 1)) return undefined;
  const reason = `failed after ${job.attemptsMade} attempts: ${err.message}`;
  try {
    return eventsOfJob(job.name, job.data).map((payload, i) => ({ source: `${job.id}#${i}`, payload, reason }));
  } catch {
    return [{ source: `${job.id}#job`, payload: job.data, reason }];
  }
}
