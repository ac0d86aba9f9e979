import { unlink } from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';
import { purgeDecision } from '@hotline/recording';
import type { Executor } from '../repositories/executor.js';
import { auditAccess } from './recordings-repository.js';
import { recordingFile } from './recording-file.js';

export interface PurgeReport {
  purged: string[];
  failed: string[];
}

/**
 * Deletes the files of recordings past retention and not on legal hold. Each row is marked
 * purged first, on the condition that it is still unheld, so a hold placed while the job runs
 * wins; only then is the file deleted. Every deletion is logged and written to the audit table.
 */
export async function purgeExpiredRecordings(db: Executor, dir: string, log: FastifyBaseLogger, now = new Date()): Promise<PurgeReport> {
  const due = await db
    .selectFrom('recordings')
    .select(['recording_id', 'call_id', 'path', 'retention_until', 'legal_hold', 'purged_at'])
    .where('purged_at', 'is', null)
    .where('legal_hold', '=', false)
    .where('retention_until', '<=', now)
    .orderBy('retention_until')
    .limit(1000)
    .execute();
  const report: PurgeReport = { purged: [], failed: [] };
  for (const r of due) {
    const decision = purgeDecision({ retentionUntil: r.retention_until, legalHold: r.legal_hold, purgedAt: r.purged_at }, now);
    if (!decision.purge) continue;
    const marked = await db
      .updateTable('recordings')
      .set({ purged_at: now })
      .where('recording_id', '=', r.recording_id)
      .where('legal_hold', '=', false)
      .where('purged_at', 'is', null)
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) === 0) continue; // held or purged meanwhile
    try {
      await unlink(recordingFile(dir, r.path));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        log.error({ err, recordingId: r.recording_id, path: r.path }, 'recording file not deleted; marked purged, delete it by hand');
        report.failed.push(r.recording_id);
        continue;
      }
    }
    log.info({ recordingId: r.recording_id, callId: r.call_id, path: r.path, retentionUntil: r.retention_until }, 'recording purged');
    await auditAccess(db, { recordingId: r.recording_id, userId: null, role: 'system', action: 'purge', httpStatus: 200, ip: null });
    report.purged.push(r.recording_id);
  }
  return report;
}
