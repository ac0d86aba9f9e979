import { parseEventFast, type HotlineEvent } from '@hotline/events';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z, ZodError } from 'zod';
import { HttpError } from '../plugins/errors.js';
import { decodeCursor, page } from '../ticketing/list-cursor.js';

export interface DeadLetterRoutesOptions {
  /**
   * Puts events back on the event queue as one job under `jobId` (each replay its own job, so
   * a second replay is not mistaken for the first). Absent: replays are refused with 503.
   */
  replay?: (events: readonly HotlineEvent[], jobId: string) => Promise<void>;
}

const ADMIN = { roles: ['admin'] } as const;
const ORDER = 'dead-letters';

interface DeadLetterRow {
  id: string;
  source: string;
  event_id: string | null;
  event_type: string | null;
  reason: string;
  payload: string;
  failed_at: Date;
  replays: number;
  replayed_at: Date | null;
}

const DeadLetter = z.object({
  id: z.string(),
  source: z.string().describe('<BullMQ job id>#<index of the event in the job>'),
  eventId: z.string().nullable(),
  eventType: z.string().nullable(),
  reason: z.string(),
  failedAt: z.date(),
  replays: z.number().int(),
  replayedAt: z.date().nullable(),
  payload: z.unknown().describe('the event as the aggregator received it'),
});

const toDeadLetter = (r: DeadLetterRow): z.infer<typeof DeadLetter> => ({
  id: String(r.id),
  source: r.source,
  eventId: r.event_id,
  eventType: r.event_type,
  reason: r.reason,
  failedAt: r.failed_at,
  replays: r.replays,
  replayedAt: r.replayed_at,
  payload: JSON.parse(r.payload) as unknown,
});

const reasonsOf = (err: ZodError): string =>
  err.issues.slice(0, 5).map((i) => `${i.path.length > 0 ? i.path.join('.') : '(event)'}: ${i.message}`).join('; ');

/**
 * Events the KPI aggregator could not apply (malformed, refused by Postgres, or failed after
 * every attempt: migrations/0008), and their replay once the cause is fixed.
 */
export const deadLetterRoutes: FastifyPluginAsyncZod<DeadLetterRoutesOptions> = async (app, opts) => {
  app.get(
    '/',
    {
      config: ADMIN,
      schema: {
        description: 'Dead-lettered events, newest first, with why each could not be applied and its payload.',
        querystring: z.object({
          state: z.enum(['open', 'replayed']).optional().describe('open: never replayed; replayed: replayed at least once'),
          cursor: z.string().max(1000).optional().describe('nextCursor of the previous page'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ deadLetters: z.array(DeadLetter), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const { state, limit } = req.query;
      const after = decodeCursor(ORDER, req.query.cursor);
      const { rows } = await sql<DeadLetterRow>`
        select id::text as id, source, event_id, event_type, reason, payload, failed_at, replays, replayed_at
          from dead_letters
         where true
           ${state === 'open' ? sql`and replayed_at is null` : state === 'replayed' ? sql`and replayed_at is not null` : sql``}
           ${after ? sql`and (failed_at, id) < (${after.key}::timestamptz, ${after.id}::bigint)` : sql``}
         order by failed_at desc, id desc
         limit ${limit + 1}`.execute(app.db);
      const { items, nextCursor } = page(rows, limit, ORDER, (r) => ({ key: r.failed_at, id: r.id }));
      return { deadLetters: items.map(toDeadLetter), nextCursor };
    },
  );

  app.post(
    '/:id/replay',
    {
      config: ADMIN,
      schema: {
        description:
          'Puts a dead-lettered event back on the event queue (a new job); the aggregator writes it if the cause is gone ' +
          '(idempotent on eventId). Send `payload` to replay a corrected event instead of the stored one.',
        params: z.object({ id: z.string().regex(/^[1-9][0-9]{0,17}$/, 'a dead letter id') }),
        body: z.object({ payload: z.record(z.string(), z.unknown()).optional().describe('a corrected event') }).strict().optional(),
        response: {
          202: z.object({ id: z.string(), eventId: z.string(), jobId: z.string(), replays: z.number().int(), replayedAt: z.date() }),
        },
      },
    },
    async (req, reply) => {
      if (!opts.replay) throw new HttpError(503, 'replay is not available in this process (no event queue)');
      const { rows } = await sql<DeadLetterRow>`
        select id::text as id, payload, replays from dead_letters where id = ${req.params.id}::bigint`.execute(app.db);
      const row = rows[0];
      if (!row) throw new HttpError(404, `no dead letter ${req.params.id}`);
      const corrected = req.body?.payload;
      let event: HotlineEvent;
      try {
        event = parseEventFast(corrected ?? JSON.parse(row.payload));
      } catch (err) {
        const reasons = err instanceof ZodError ? reasonsOf(err) : (err as Error).message;
        if (corrected) throw new HttpError(400, `body.payload: not a valid event: ${reasons}`);
        throw new HttpError(409, `the stored payload is still not a valid event (${reasons}); send a corrected one as "payload"`);
      }
      const jobId = `dl-${row.id}-${row.replays + 1}`;
      await opts.replay([event], jobId);
      const { rows: updated } = await sql<{ replays: number; replayed_at: Date }>`
        update dead_letters set replays = replays + 1, replayed_at = now() where id = ${row.id}::bigint returning replays, replayed_at`.execute(app.db);
      void reply.status(202);
      return { id: row.id, eventId: event.eventId, jobId, replays: updated[0]!.replays, replayedAt: updated[0]!.replayed_at };
    },
  );
};
