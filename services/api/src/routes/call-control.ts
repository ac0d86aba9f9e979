import type { CallCommand } from '@hotline/state';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CallCommandClient, type CommandClientSettings } from '../call-commands/command-client.js';
import { HttpError } from '../plugins/errors.js';

type TransferTarget = Extract<CallCommand, { command: 'transfer' }>['target'];

const IdParams = z.object({ id: z.string().min(1).max(128) });
/** One of: a queue, an agent, or an external number (dialled through the trunk). */
const TargetBody = z.union([
  z.object({ queueId: z.string().min(1).max(128) }).strict(),
  z.object({ agentId: z.string().min(1).max(128) }).strict(),
  z.object({ number: z.string().regex(/^\+?[0-9]{3,20}$/, 'digits with an optional leading +') }).strict(),
]);
const targetOf = (body: z.infer<typeof TargetBody>): TransferTarget =>
  'queueId' in body ? { type: 'queue', queueId: body.queueId } : 'agentId' in body ? { type: 'agent', agentId: body.agentId } : { type: 'external', number: body.number };
const Reply = z.object({ callId: z.string(), ok: z.literal(true), result: z.record(z.string(), z.unknown()) });
const CALL_HANDLERS = { roles: ['agent', 'supervisor', 'admin'] } as const;

/**
 * Hold, unhold, blind transfer and attended transfer (consult, then complete or cancel) of a
 * call in progress: the command goes to the controller that holds the call (Redis pub/sub) and
 * the route answers with that controller's outcome (404 no such call or target, 409 not now).
 */
export const callControlRoutes: FastifyPluginAsyncZod<CommandClientSettings> = async (app, settings) => {
  const client = new CallCommandClient(settings);
  app.addHook('onClose', async () => client.close());

  const run = async (callId: string, body: CallCommand) => {
    const reply = await client.send(callId, body);
    if (!reply.ok) throw new HttpError(reply.status, reply.message ?? `${body.command} refused`);
    return { callId, ok: true as const, result: reply.data ?? {} };
  };

  // Commands without a body: the call id says it all.
  const bare: Array<[path: string, command: 'hold' | 'unhold' | 'consult_complete' | 'consult_cancel', description: string]> = [
    ['/:id/hold', 'hold', 'The caller hears music on hold; hold time counts for the call.'],
    ['/:id/unhold', 'unhold', 'Back to the conversation; the result has the hold length (holdMs).'],
    ['/:id/consult/complete', 'consult_complete', 'The caller goes to the answered consultation target; the agent leaves (call.transferred kind attended).'],
    ['/:id/consult/cancel', 'consult_cancel', 'Ends the consultation: the target is hung up, the caller comes back to the agent off hold.'],
  ];
  for (const [path, command, description] of bare) {
    app.post(path, { config: CALL_HANDLERS, schema: { description, params: IdParams, response: { 200: Reply } } }, async (req) => run(req.params.id, { command }));
  }

  // Commands aimed at a queue, an agent or a number.
  const targeted: Array<[path: string, command: 'transfer' | 'consult', description: string]> = [
    [
      '/:id/transfer',
      'transfer',
      'Blind transfer to a queue ({queueId}: the caller waits there), an agent ({agentId}: must be ready) or an external number ({number}, through the trunk). The agent leaves at once; an agent or number that does not answer puts the caller back in the queue. Events call.transferred, call.transfer_failed.',
    ],
    [
      '/:id/consult',
      'consult',
      'Attended transfer: the caller goes on hold and the target is rung ({queueId}: a free agent of that queue, {agentId}, or {number}); once it answers the agent talks to it. Then /consult/complete or /consult/cancel. Events call.consult_started/ended.',
    ],
  ];
  for (const [path, command, description] of targeted) {
    app.post(
      path,
      { config: CALL_HANDLERS, schema: { description, params: IdParams, body: TargetBody, response: { 200: Reply } } },
      async (req) => run(req.params.id, { command, target: targetOf(req.body) }),
    );
  }
};
