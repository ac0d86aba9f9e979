import { sql } from 'kysely';
import type { Executor } from '../repositories/executor.js';

/**
 * Fills `recordings` from the recording.stored events the aggregator keeps in call_events, so
 * the controller never writes Postgres and the aggregator stays the only consumer of the queue.
 * Idempotent on recording_id; looks back one day behind the newest imported recording, which
 * covers events delivered late (Redis outage spool, aggregator lag) without rescanning years.
 */
export async function importStoredRecordings(db: Executor, retentionDays: number): Promise<number> {
  const result = await sql`
    insert into recordings (recording_id, call_id, agent_id, path, duration_ms, sample_rate, channels, sha256, stored_at, retention_until)
    select e.payload->>'recordingId', e.call_id, e.payload->>'agentId', e.payload->>'path',
           (e.payload->>'durationMs')::int, (e.payload->>'sampleRate')::int, (e.payload->>'channels')::int,
           e.payload->>'sha256', e.at, e.at + make_interval(days => ${retentionDays}::int)
    from call_events e
    where e.type = 'recording.stored'
      and e.at >= coalesce((select max(stored_at) from recordings), '-infinity'::timestamptz) - interval '1 day'
    on conflict (recording_id) do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export async function findRecording(db: Executor, recordingId: string) {
  return db.selectFrom('recordings').selectAll().where('recording_id', '=', recordingId).executeTakeFirst();
}

export type RecordingRow = NonNullable<Awaited<ReturnType<typeof findRecording>>>;

export interface AccessAudit {
  recordingId: string;
  userId: string | null;
  role: string | null;
  action: 'play' | 'review' | 'hold' | 'release' | 'purge';
  httpStatus: number;
  ip: string | null;
  byteRange?: string | null;
}

/** Postgres text cannot hold NUL: the audit keeps what was asked for, with NUL written out. */
const storable = (s: string) => s.replaceAll('\u0000', '\\u0000');

export async function auditAccess(db: Executor, a: AccessAudit): Promise<void> {
  await db
    .insertInto('recording_access_audit')
    .values({
      recording_id: storable(a.recordingId),
      user_id: a.userId,
      role: a.role,
      action: a.action,
      allowed: a.httpStatus < 300,
      http_status: a.httpStatus,
      ip: a.ip,
      byte_range: a.byteRange ?? null,
    })
    .execute();
}
