import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../plugins/errors.js';

const Call = z.object({
  callId: z.string(),
  caller: z.string().nullable(),
  dialed: z.string().nullable(),
  arrivedAt: z.date().nullable(),
  ivrAnsweredAt: z.date().nullable(),
  queueId: z.string().nullable(),
  queuedAt: z.date().nullable(),
  answeredAt: z.date().nullable(),
  agentId: z.string().nullable(),
  waitMs: z.number().nullable(),
  abandonedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
  endCause: z.string().nullable(),
});

const ListQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).optional().describe('arrived at or after (ISO 8601)'),
    to: z.iso.datetime({ offset: true }).optional().describe('arrived before (ISO 8601)'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: '"from" must be before "to"',
    path: ['from'],
  });

export const callRoutes: FastifyPluginAsyncZod = async (app) => {
  const columns = [
    'call_id as callId', 'caller', 'dialed', 'arrived_at as arrivedAt', 'ivr_answered_at as ivrAnsweredAt',
    'queue_id as queueId', 'queued_at as queuedAt', 'answered_at as answeredAt', 'agent_id as agentId',
    'wait_ms as waitMs', 'abandoned_at as abandonedAt', 'ended_at as endedAt', 'end_cause as endCause',
  ] as const;

  app.get(
    '/',
    {
      schema: {
        description: 'Calls that arrived in [from, to), newest first.',
        querystring: ListQuery,
        response: { 200: z.object({ calls: z.array(Call) }) },
      },
    },
    async (req) => {
      const { from, to, limit } = req.query;
      let q = app.db.selectFrom('calls').select(columns).orderBy('arrived_at', 'desc').limit(limit);
      if (from) q = q.where('arrived_at', '>=', new Date(from));
      if (to) q = q.where('arrived_at', '<', new Date(to));
      return { calls: await q.execute() };
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        params: z.object({ id: z.string().min(1).max(128) }),
        response: { 200: Call },
      },
    },
    async (req) => {
      const call = await app.db.selectFrom('calls').select(columns).where('call_id', '=', req.params.id).executeTakeFirst();
      if (!call) throw new HttpError(404, `no call ${req.params.id}`);
      return call;
    },
  );
};
