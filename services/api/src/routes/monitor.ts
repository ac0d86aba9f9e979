import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CallCommandClient, type CommandClientSettings } from '../call-commands/command-client.js';
import { actorOf } from '../plugins/auth.js';
import { HttpError } from '../plugins/errors.js';

const IdParams = z.object({ id: z.string().min(1).max(128) });
const Reply = z.object({ callId: z.string(), ok: z.literal(true), result: z.record(z.string(), z.unknown()) });
const SUPERVISORS = { roles: ['supervisor', 'admin'] } as const;

/**
 * Supervisor monitoring of a call in progress: the supervisor's own softphone (their seat) is
 * rung and, once answered, listens (silent), whispers (heard by the agent only) or barges in
 * (three-way). Sent to the controller holding the call like the other call commands.
 */
export const monitorRoutes: FastifyPluginAsyncZod<CommandClientSettings> = async (app, settings) => {
  const client = new CallCommandClient(settings);
  app.addHook('onClose', async () => client.close());

  app.post(
    '/:id/monitor',
    {
      config: SUPERVISORS,
      schema: {
        description: 'Rings the supervisor seat, then listen / whisper / barge. Events supervisor.monitor_started/ended.',
        params: IdParams,
        body: z.object({ mode: z.enum(['listen', 'whisper', 'barge']), supervisorSeat: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict(),
        response: { 200: Reply },
      },
    },
    async (req) => {
      const reply = await client.send(req.params.id, { command: 'monitor', mode: req.body.mode, supervisorId: actorOf(req).id, seat: req.body.supervisorSeat });
      if (!reply.ok) throw new HttpError(reply.status, reply.message ?? 'monitor refused');
      return { callId: req.params.id, ok: true as const, result: reply.data ?? {} };
    },
  );

  app.post(
    '/:id/monitor/stop',
    { config: SUPERVISORS, schema: { description: 'Ends the monitoring (hangs up the supervisor leg).', params: IdParams, response: { 200: Reply } } },
    async (req) => {
      const reply = await client.send(req.params.id, { command: 'monitor_stop' });
      if (!reply.ok) throw new HttpError(reply.status, reply.message ?? 'stop refused');
      return { callId: req.params.id, ok: true as const, result: reply.data ?? {} };
    },
  );
};
