import { SLA_KINDS, dueStatus } from '@hotline/sla';
import {
  CATEGORIES,
  CHANNELS,
  HOTLINE_ROLES,
  ROLES,
  TICKET_STATES,
  URGENCIES,
  ticketActionSchema,
  ticketDraftFieldsSchema,
} from '@hotline/tickets';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../plugins/auth.js';
import { HttpError } from '../plugins/errors.js';
import { historyOf } from '../repositories/ticket-history-repository.js';
import { listTickets, type TicketFilter, type TicketSummaryRow } from '../repositories/tickets-repository.js';
import { decodeCursor, page } from '../ticketing/list-cursor.js';
import type { TicketingSettings } from '../ticketing/settings.js';
import type { TicketService } from '../ticketing/ticket-service.js';
import { TicketView, toTicketView } from '../ticketing/ticket-view.js';

export interface TicketRoutesOptions {
  readonly tickets: TicketService;
  readonly settings: TicketingSettings;
}

/** Large enough that a pasted 1 MB text reaches validation and is refused naming its field (400), not a bare 413. */
const TEXT_BODY_LIMIT = 2 * 1024 * 1024;

const id = z.object({ id: z.uuid() });

const stateList = z
  .string()
  .transform((s) => s.split(',').map((v) => v.trim()))
  .pipe(z.array(z.enum(TICKET_STATES)));

const ListQuery = z
  .object({
    state: stateList.optional().describe(`comma-separated states: ${TICKET_STATES.join(', ')}`),
    category: z.enum(CATEGORIES).optional(),
    department: z.string().min(1).max(64).optional(),
    source: z.enum(CHANNELS).optional().describe('the channel'),
    callId: z.string().min(1).max(200).optional(),
    from: z.iso.datetime({ offset: true }).optional().describe('created at or after (ISO 8601)'),
    to: z.iso.datetime({ offset: true }).optional().describe('created before (ISO 8601)'),
    q: z.string().trim().min(1).max(200).optional().describe('text in the name, place, event, request or numbers'),
    due: z.enum(['overdue', 'soon']).optional().describe('tickets past, or within TICKET_DUE_SOON_MIN of, the deadline they wait on; soonest first'),
    dueKind: z.enum(SLA_KINDS).optional().describe('only deadlines of this kind'),
    cursor: z.string().max(1000).optional().describe('nextCursor of the previous page'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: '"from" must be before "to"', path: ['from'] });

const TicketSummary = z.object({
  id: z.string(),
  state: z.string(),
  version: z.number(),
  source: z.string(),
  category: z.string().nullable(),
  urgency: z.enum(URGENCIES),
  department: z.string().nullable(),
  callId: z.string().nullable(),
  callerName: z.string().nullable(),
  contact: z.string().nullable(),
  location: z.string().nullable(),
  event: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  nextDue: z.object({ kind: z.string(), at: z.date(), status: z.enum(['ok', 'soon', 'overdue']) }).nullable(),
});

const HistoryRow = z.object({
  version: z.number(),
  action: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  actor: z.object({ id: z.string(), role: z.string(), department: z.string().nullable() }),
  at: z.date(),
  payload: z.unknown(),
  changes: z.unknown(),
});

const ActionBody = ticketActionSchema.and(
  z.object({ version: z.number().int().min(1).optional().describe('the version the client saw: a newer stored one gives 409') }),
);

const refusal = z.object({ error: z.string(), message: z.string() }).loose();

export const ticketRoutes: FastifyPluginAsyncZod<TicketRoutesOptions> = async (app, { tickets, settings }) => {
  app.post(
    '/',
    {
      config: { roles: HOTLINE_ROLES },
      bodyLimit: TEXT_BODY_LIMIT,
      schema: {
        description:
          'Create a ticket (draft) from a call (`callId`; the contact defaults to the calling line) or a channel. Only `source` is required now; name, contact, place, event, request and category are required before dispatch or online resolution.',
        body: ticketDraftFieldsSchema,
        response: { 201: TicketView, 400: refusal },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const stored = await tickets.create(actor, req.body);
      return reply.status(201).send(toTicketView(stored, actor, settings, Date.now()));
    },
  );

  app.get(
    '/',
    {
      config: { roles: ROLES },
      schema: {
        description:
          'Tickets newest first (or soonest due first with `due`), filtered, one page at a time. A department sees its own tickets and, with `due`, its own deadlines.',
        querystring: ListQuery,
        response: { 200: z.object({ tickets: z.array(TicketSummary), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const q = req.query;
      const now = Date.now();
      const filter: TicketFilter = {
        states: q.state,
        category: q.category,
        department: q.department,
        source: q.source,
        callId: q.callId,
        createdFrom: q.from === undefined ? undefined : new Date(q.from),
        createdTo: q.to === undefined ? undefined : new Date(q.to),
        text: q.q,
        due: q.due && { status: q.due, now: new Date(now), soonUntil: new Date(now + settings.dueSoonMs) },
        dueKinds: q.dueKind && [q.dueKind],
      };
      const scoped = actor.role === 'department' ? departmentScope(filter, actor.department) : filter;
      const order = q.due === undefined ? 'created' : 'due';
      const rows = await listTickets(app.db, scoped, decodeCursor(order, q.cursor), q.limit);
      const { items, nextCursor } = page(rows, q.limit, order, (r) => ({ key: (order === 'due' ? r.nextDueAt : null) ?? r.createdAt, id: r.id }));
      return { tickets: items.map((r) => summary(r, now, settings.dueSoonMs)), nextCursor };
    },
  );

  app.get(
    '/:id',
    {
      config: { roles: ROLES },
      schema: { description: 'One ticket with its due times and the actions the caller may take.', params: id, response: { 200: TicketView } },
    },
    async (req) => {
      const actor = actorOf(req);
      return toTicketView(await tickets.view(req.params.id, actor), actor, settings, Date.now());
    },
  );

  app.post(
    '/:id/actions',
    {
      config: { roles: ROLES },
      bodyLimit: TEXT_BODY_LIMIT,
      schema: {
        description:
          'Take one workflow action (`type` plus its fields). 409 for an action the state does not allow (with `allowed`) or a stale `version`; 403 when the role or department may not; 400 naming the field when the payload or the ticket lacks something.',
        params: id,
        body: ActionBody,
        response: { 200: TicketView, 400: refusal, 403: refusal, 409: refusal },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const { version, ...action } = req.body;
      const stored = await tickets.act(req.params.id, action, actor, version);
      return toTicketView(stored, actor, settings, Date.now());
    },
  );

  app.get(
    '/:id/history',
    {
      config: { roles: ROLES },
      schema: {
        description: 'Every change of the ticket, oldest first: who, when, from/to state, the action and the fields it changed.',
        params: id,
        response: { 200: z.object({ history: z.array(HistoryRow) }) },
      },
    },
    async (req) => {
      await tickets.view(req.params.id, actorOf(req));
      const rows = await historyOf(app.db, req.params.id);
      return {
        history: rows.map(({ actorId, actorRole, actorDepartment, ...row }) => ({
          ...row,
          actor: { id: actorId, role: actorRole, department: actorDepartment },
        })),
      };
    },
  );
};

function departmentScope(filter: TicketFilter, department: string | undefined): TicketFilter {
  if (filter.department !== undefined && filter.department !== department) {
    throw new HttpError(403, `department ${department ?? '?'} may only list its own tickets`);
  }
  if (filter.dueKinds !== undefined && filter.dueKinds.some((k) => k !== 'department')) {
    throw new HttpError(403, 'a department only has department deadlines');
  }
  return { ...filter, department, dueKinds: filter.due === undefined ? filter.dueKinds : ['department'] };
}

function summary(row: TicketSummaryRow, now: number, soonMs: number): z.input<typeof TicketSummary> {
  const { nextDueKind, nextDueAt, ...rest } = row;
  return {
    ...rest,
    urgency: rest.urgency as z.input<typeof TicketSummary>['urgency'],
    nextDue:
      nextDueKind === null || nextDueAt === null
        ? null
        : { kind: nextDueKind, at: nextDueAt, status: dueStatus(nextDueAt.getTime(), now, soonMs) },
  };
}
