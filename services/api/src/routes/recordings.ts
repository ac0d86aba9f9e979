import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { newEvent } from '@hotline/events';
import { parseRange } from '@hotline/recording';
import { ROLES, type Role } from '@hotline/tickets';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../plugins/auth.js';
import { HttpError } from '../plugins/errors.js';
import { purgeExpiredRecordings } from '../recordings/purge-recordings.js';
import { enqueueEvents } from '../repositories/outbox-repository.js';
import { EVENT_SOURCE } from '../ticketing/ticket-event-builder.js';
import { recordingFile } from '../recordings/recording-file.js';
import type { RecordingSettings } from '../recordings/recording-settings.js';
import { auditAccess, findRecording, importStoredRecordings, type AccessAudit, type RecordingRow } from '../recordings/recordings-repository.js';

/** Who may listen to recordings (PRODUCT.md: confidential; role-checked and audited). */
export const PLAYBACK_ROLES: readonly Role[] = ['supervisor', 'qa', 'admin'];
const REVIEW_ROLES = ['qa'] as const;
const HOLD_ROLES = ['admin', 'supervisor'] as const;

const Recording = z.object({
  recordingId: z.string(),
  callId: z.string(),
  agentId: z.string().nullable(),
  durationMs: z.number(),
  sampleRate: z.number(),
  channels: z.number(),
  sha256: z.string(),
  storedAt: z.date(),
  retentionUntil: z.date(),
  legalHold: z.boolean(),
  legalHoldReason: z.string().nullable(),
  purgedAt: z.date().nullable(),
});
const IdParams = z.object({ id: z.string().min(1).max(128) });

const view = (r: RecordingRow): z.infer<typeof Recording> => ({
  recordingId: r.recording_id,
  callId: r.call_id,
  agentId: r.agent_id,
  durationMs: r.duration_ms,
  sampleRate: r.sample_rate,
  channels: r.channels,
  sha256: r.sha256,
  storedAt: r.stored_at,
  retentionUntil: r.retention_until,
  legalHold: r.legal_hold,
  legalHoldReason: r.legal_hold_reason,
  purgedAt: r.purged_at,
});

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Recording routes: every response (allowed or refused) is written to recording_access_audit. */
    recordingAudit?: AccessAudit['action'];
  }
}

/**
 * Recordings: metadata, playback with HTTP Range, QA review, legal hold, purge. Rows come from
 * the recording.stored events (imported on a timer and on demand); files from RECORDINGS_DIR.
 */
export const recordingRoutes: FastifyPluginAsyncZod<RecordingSettings> = async (app, settings) => {
  const log = app.log;

  /** A recording known to the events but not imported yet is imported on first access. */
  const recordingOr404 = async (id: string): Promise<RecordingRow> => {
    let row = await findRecording(app.db, id);
    if (!row) {
      await importStoredRecordings(app.db, settings.retentionDays);
      row = await findRecording(app.db, id);
    }
    if (!row) throw new HttpError(404, `no recording ${id}`);
    return row;
  };

  // The audit: one row per response of an audited route, refusals (401/403) included. The
  // playback route admits every role, so the refusal row names who was refused.
  app.addHook('onResponse', async (req, reply) => {
    const action = req.routeOptions.config.recordingAudit;
    const id = (req.params as { id?: string } | undefined)?.id;
    if (!action || !id) return;
    try {
      await auditAccess(app.db, {
        recordingId: id,
        userId: req.actor?.id ?? null,
        role: req.actor?.role ?? null,
        action,
        httpStatus: reply.statusCode,
        ip: req.ip,
        byteRange: req.headers.range ?? null,
      });
    } catch (err) {
      log.error({ err, recordingId: id }, 'recording access not audited');
    }
  });

  const sync = async () => {
    const imported = await importStoredRecordings(app.db, settings.retentionDays);
    const report = await purgeExpiredRecordings(app.db, settings.dir, log);
    return { imported, ...report };
  };
  if (settings.syncMs > 0) {
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      timer = setInterval(() => void sync().catch((err: unknown) => log.error({ err }, 'recording import/purge failed')), settings.syncMs);
      timer.unref();
    });
    app.addHook('onClose', async () => clearInterval(timer));
  }

  app.get(
    '/',
    {
      config: { roles: PLAYBACK_ROLES },
      schema: {
        description: 'Recordings of a call (or the latest), metadata only.',
        querystring: z.object({ callId: z.string().min(1).max(128).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ recordings: z.array(Recording) }) },
      },
    },
    async (req) => {
      await importStoredRecordings(app.db, settings.retentionDays);
      let q = app.db.selectFrom('recordings').selectAll().orderBy('stored_at', 'desc').limit(req.query.limit);
      if (req.query.callId) q = q.where('call_id', '=', req.query.callId);
      return { recordings: (await q.execute()).map(view) };
    },
  );

  app.get(
    '/:id/meta',
    { config: { roles: PLAYBACK_ROLES }, schema: { params: IdParams, response: { 200: Recording } } },
    async (req) => view(await recordingOr404(req.params.id)),
  );

  app.get(
    '/:id',
    {
      // Every role may ask, so that a refusal is audited with who asked; the policy is checked below.
      config: { roles: ROLES, recordingAudit: 'play' },
      schema: { description: `The stereo WAV (left caller, right agent); HTTP Range supported. Allowed: ${PLAYBACK_ROLES.join(', ')}.`, params: IdParams },
    },
    async (req, reply) => {
      allowPlayback(req);
      const row = await recordingOr404(req.params.id);
      if (row.purged_at) throw new HttpError(410, `recording ${row.recording_id} was purged at ${row.purged_at.toISOString()}`);
      const file = recordingFile(settings.dir, row.path);
      const size = await stat(file).then((s) => s.size, () => -1);
      if (size < 0) throw new HttpError(404, `the file of recording ${row.recording_id} is missing`);
      const range = parseRange(req.headers.range, size);
      void reply.header('accept-ranges', 'bytes').header('content-type', 'audio/wav').header('x-content-sha256', row.sha256);
      if (range === 'unsatisfiable') {
        return reply.code(416).header('content-range', `bytes */${size}`).send();
      }
      if (range === undefined) {
        return reply.code(200).header('content-length', size).send(createReadStream(file));
      }
      return reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
        .header('content-length', range.end - range.start + 1)
        .send(createReadStream(file, { start: range.start, end: range.end }));
    },
  );

  app.post(
    '/:id/review',
    {
      config: { roles: REVIEW_ROLES, recordingAudit: 'review' },
      schema: {
        description: 'A QA review of the recording; emits recording.reviewed, which counts the call as QA-reviewed (QA sampling rate).',
        params: IdParams,
        body: z.object({ score: z.number().int().min(0).max(100), notes: z.string().max(4000).optional() }).strict(),
        response: { 201: z.object({ reviewId: z.string(), recordingId: z.string(), score: z.number(), notes: z.string().nullable() }) },
      },
    },
    async (req, reply) => {
      const row = await recordingOr404(req.params.id);
      const reviewerId = actorOf(req).id;
      // The review and its event commit together; the outbox publishes it (the QA sampling rate's numerator).
      const saved = await app.db.transaction().execute(async (trx) => {
        const review = await trx
          .insertInto('recording_reviews')
          .values({ recording_id: row.recording_id, reviewer_id: reviewerId, score: req.body.score, notes: req.body.notes ?? null })
          .returning(['id', 'score', 'notes'])
          .executeTakeFirstOrThrow();
        await enqueueEvents(trx, [
          newEvent(EVENT_SOURCE, { type: 'recording.reviewed', callId: row.call_id, recordingId: row.recording_id, reviewerId, score: review.score }),
        ]);
        return review;
      });
      app.kickEventOutbox?.();
      return reply.code(201).send({ reviewId: String(saved.id), recordingId: row.recording_id, score: saved.score, notes: saved.notes });
    },
  );

  app.post(
    '/:id/hold',
    {
      config: { roles: HOLD_ROLES, recordingAudit: 'hold' },
      schema: {
        description: 'Legal hold: the recording is kept past its retention until released.',
        params: IdParams,
        body: z.object({ reason: z.string().trim().min(1).max(500) }).strict(),
        response: { 200: Recording },
      },
    },
    async (req) => {
      const row = await recordingOr404(req.params.id);
      if (row.purged_at) throw new HttpError(409, `recording ${row.recording_id} was already purged`);
      const updated = await app.db
        .updateTable('recordings')
        .set({ legal_hold: true, legal_hold_reason: req.body.reason, legal_hold_by: actorOf(req).id, legal_hold_at: new Date() })
        .where('recording_id', '=', row.recording_id)
        .returningAll()
        .executeTakeFirstOrThrow();
      log.info({ recordingId: row.recording_id, by: actorOf(req).id }, 'recording put on legal hold');
      return view(updated);
    },
  );

  app.post(
    '/:id/release',
    {
      config: { roles: ['admin'], recordingAudit: 'release' },
      schema: { description: 'Releases a legal hold: the normal retention applies again.', params: IdParams, response: { 200: Recording } },
    },
    async (req) => {
      const row = await recordingOr404(req.params.id);
      const updated = await app.db
        .updateTable('recordings')
        .set({ legal_hold: false, legal_hold_reason: null, legal_hold_by: actorOf(req).id, legal_hold_at: new Date() })
        .where('recording_id', '=', row.recording_id)
        .returningAll()
        .executeTakeFirstOrThrow();
      log.info({ recordingId: row.recording_id, by: actorOf(req).id }, 'recording legal hold released');
      return view(updated);
    },
  );

  app.post(
    '/purge',
    {
      config: { roles: ['admin'] },
      schema: {
        description: 'Imports newly stored recordings, then deletes the files of those past retention and not on legal hold.',
        response: { 200: z.object({ imported: z.number(), purged: z.array(z.string()), failed: z.array(z.string()) }) },
      },
    },
    async () => sync(),
  );
};

function allowPlayback(req: FastifyRequest): void {
  const actor = actorOf(req);
  if (!PLAYBACK_ROLES.includes(actor.role)) {
    throw new HttpError(403, `role ${actor.role} may not play recordings (roles allowed: ${PLAYBACK_ROLES.join(', ')})`);
  }
}
