import type { Db } from '@hotline/db';
import { HOTLINE_ROLES, SATISFACTIONS, TEXT_LIMITS } from '@hotline/tickets';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../plugins/auth.js';
import { listTasks, type CallbackTaskRow } from '../repositories/callback-tasks-repository.js';
import type { CallbackService } from '../ticketing/callback-service.js';
import { decodeCursor, page } from '../ticketing/list-cursor.js';
import { syncMissedCalls } from '../ticketing/missed-call-sync.js';
import type { TicketingSettings } from '../ticketing/settings.js';
import { TicketView, toTicketView } from '../ticketing/ticket-view.js';

export interface CallbackRoutesOptions {
  readonly callbacks: CallbackService;
  readonly settings: TicketingSettings;
}

const Task = z.object({
  id: z.string(),
  kind: z.enum(['ticket', 'missed_call']),
  ticketId: z.string().nullable(),
  reason: z.string(),
  number: z.string().nullable(),
  callIds: z.array(z.string()),
  queueId: z.string().nullable(),
  firstAbandonedAt: z.date().nullable(),
  lastAbandonedAt: z.date().nullable(),
  longestWaitMs: z.number().nullable(),
  dueAt: z.date().nullable(),
  status: z.enum(['open', 'done', 'cancelled']),
  attempts: z.number(),
  reached: z.boolean().nullable(),
  satisfaction: z.enum(SATISFACTIONS).nullable(),
  note: z.string().nullable(),
  doneBy: z.string().nullable(),
  doneAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const ResultBody = z
  .object({
    reached: z.boolean(),
    satisfaction: z.enum(SATISFACTIONS).optional().describe('ticket callbacks: required when the caller was reached'),
    note: z.string().trim().min(1).max(TEXT_LIMITS.note).optional(),
  })
  .strict();

/** Callback tasks: tickets' 回访 and missed calls' 漏接回拨. */
export const callbackRoutes: FastifyPluginAsyncZod<CallbackRoutesOptions> = async (app, { callbacks, settings }) => {
  app.get(
    '/',
    {
      config: { roles: HOTLINE_ROLES },
      schema: {
        description: 'Callback tasks, newest first; with `due`, open tasks soonest due first.',
        querystring: z.object({
          status: z.enum(['open', 'done', 'cancelled']).optional(),
          kind: z.enum(['ticket', 'missed_call']).optional(),
          due: z.enum(['overdue', 'soon']).optional().describe('open tasks past, or within TICKET_DUE_SOON_MIN of, their due time'),
          cursor: z.string().max(1000).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ tasks: z.array(Task), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const q = req.query;
      const now = Date.now();
      const due = q.due && { status: q.due, now: new Date(now), soonUntil: new Date(now + settings.dueSoonMs) };
      const order = due === undefined ? 'tasks' : 'tasks-due';
      const rows = await listTasks(app.db, { status: q.status, kind: q.kind, due }, decodeCursor(order, q.cursor), q.limit);
      const { items, nextCursor } = page(rows, q.limit, order, (r: CallbackTaskRow) => ({
        key: (due === undefined ? null : r.dueAt) ?? r.createdAt,
        id: r.id,
      }));
      return { tasks: items, nextCursor };
    },
  );

  app.post(
    '/:id/result',
    {
      config: { roles: HOTLINE_ROLES },
      schema: {
        description:
          'Record one callback attempt. Ticket tasks go through the workflow (satisfied closes the ticket, dissatisfied reopens it); not reached keeps the task open.',
        params: z.object({ id: z.uuid() }),
        body: ResultBody,
        response: { 200: z.object({ task: Task, ticket: TicketView.optional() }) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const { task, ticket } = await callbacks.record(req.params.id, req.body, actor);
      return ticket === undefined ? { task } : { task, ticket: toTicketView(ticket, actor, settings, Date.now()) };
    },
  );

  app.post(
    '/missed-calls/sync',
    {
      config: { roles: ['supervisor', 'admin'] },
      schema: {
        description: 'Turn abandoned calls not yet seen into missed-call callback tasks now (the API also does it every MISSED_CALL_SYNC_SEC).',
        response: { 200: z.object({ calls: z.number(), tasked: z.number(), skipped: z.number() }) },
      },
    },
    async () => syncMissedCalls(app.db as Db, settings, Date.now()),
  );
};
