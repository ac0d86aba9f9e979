import { HOTLINE_ROLES, callerIdForms, normalizeNumber } from '@hotline/tickets';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../plugins/errors.js';
import { callsFromCallerIds } from '../repositories/calls-repository.js';
import { ticketsOfNumber } from '../repositories/tickets-repository.js';

const Call = z.object({
  callId: z.string(),
  caller: z.string().nullable(),
  dialed: z.string().nullable(),
  arrivedAt: z.date().nullable(),
  queueId: z.string().nullable(),
  answeredAt: z.date().nullable(),
  agentId: z.string().nullable(),
  abandonedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
});

const Ticket = z.object({
  id: z.string(),
  state: z.string(),
  source: z.string(),
  category: z.string().nullable(),
  department: z.string().nullable(),
  callId: z.string().nullable(),
  callerName: z.string().nullable(),
  location: z.string().nullable(),
  event: z.string().nullable(),
  createdAt: z.date(),
});

/** The agent's screen-pop: what a number called about before. */
export const callerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:number/history',
    {
      config: { roles: [...HOTLINE_ROLES, 'qa'] },
      schema: {
        description:
          "A caller's calls and tickets, newest first. The number is normalised (+86, spaces, dashes, full-width digits...), so any way of writing it finds the same history.",
        params: z.object({ number: z.string().min(1).max(100) }),
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ number: z.string(), calls: z.array(Call), tickets: z.array(Ticket) }) },
      },
    },
    async (req) => {
      const number = normalizeNumber(req.params.number);
      if (number === null) throw new HttpError(400, `params.number: ${req.params.number} is not a phone number`);
      const [calls, tickets] = await Promise.all([
        callsFromCallerIds(app.db, callerIdForms(number), req.query.limit),
        ticketsOfNumber(app.db, number, req.query.limit),
      ]);
      return { number, calls, tickets };
    },
  );
};
