import type { CallCommand } from '@hotline/state';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CallCommandClient, type CommandClientSettings } from '../call-commands/command-client.js';
import { HttpError } from '../plugins/errors.js';

const IdParams = z.object({ id: z.string().min(1).max(128) });
const Reply = z.object({ callId: z.string(), ok: z.literal(true), result: z.record(z.string(), z.unknown()) });
const CALL_HANDLERS = { roles: ['agent', 'supervisor', 'admin'] } as const;

/**
 * Hold, unhold and blind transfer of a call in progress: the command goes to the controller
 * that holds the call (Redis pub/sub) and the route answers with that controller's outcome.
 */
export const callControlRoutes: FastifyPluginAsyncZod<CommandClientSettings> = async (app, settings) => {
  const client = new CallCommandClient(settings);
  app.addHook('onClose', async () => client.close());

  const run = async (callId: string, body: CallCommand) => {
    const reply = await client.send(callId, body);
    if (!reply.ok) throw new HttpError(reply.status, reply.message ?? `${body.command} refused`);
    return { callId, ok: true as const, result: reply.data ?? {} };
  };

  app.post(
    '/:id/hold',
    { config: CALL_HANDLERS, schema: { description: 'The caller hears music on hold; hold time counts for the call.', params: IdParams, response: { 200: Reply } } },
    async (req) => run(req.params.id, { command: 'hold' }),
  );

  app.post(
    '/:id/unhold',
    { config: CALL_HANDLERS, schema: { description: 'Back to the conversation; the result has the hold length (holdMs).', params: IdParams, response: { 200: Reply } } },
    async (req) => run(req.params.id, { command: 'unhold' }),
  );

  app.post(
    '/:id/transfer',
    {
      config: CALL_HANDLERS,
      schema: {
        description: 'Blind transfer to another queue: the agent leaves, the caller waits there as the same call.',
        params: IdParams,
        body: z.object({ queueId: z.string().min(1).max(128) }).strict(),
        response: { 200: Reply },
      },
    },
    async (req) => run(req.params.id, { command: 'transfer', target: { type: 'queue', queueId: req.body.queueId } }),
  );
};
