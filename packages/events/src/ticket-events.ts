import { z } from 'zod';
import { SCHEMA_VERSION } from './version.js';

// Owned by the ticketing side (services/api tickets); the aggregator turns these into ticket KPIs.
const base = {
  v: z.literal(SCHEMA_VERSION),
  eventId: z.uuid(),
  at: z.iso.datetime({ offset: false }),
  source: z.string().min(1).max(64),
  ticketId: z.string().min(1).max(128),
};

export const TICKET_CHANNELS = ['phone', 'web', 'wechat', 'app', 'email', 'sms', 'mayor_mailbox'] as const;
export const TICKET_CATEGORIES = ['consult', 'complaint', 'help', 'suggestion', 'report'] as const;

export const TicketCreated = z.object({
  ...base,
  type: z.literal('ticket.created'),
  channel: z.enum(TICKET_CHANNELS),
  category: z.enum(TICKET_CATEGORIES),
  urgency: z.enum(['normal', 'urgent']),
  callId: z.string().max(128).optional(),
});

/** One workflow step of a ticket, with what the KPIs need to judge it (on time, right department...). */
export const TicketTransitioned = z.object({
  ...base,
  type: z.literal('ticket.transitioned'),
  action: z.string().min(1).max(64),
  from: z.string().min(1).max(64),
  to: z.string().min(1).max(64),
  actor: z.object({ role: z.string().max(32), id: z.string().max(128) }),
  channel: z.enum(TICKET_CHANNELS),
  category: z.enum(TICKET_CATEGORIES),
  department: z.string().max(128).optional(),
  /** For steps with a deadline (dispatch, return review, callback, completion): was it met. */
  onTime: z.boolean().optional(),
  callbackResult: z.object({ satisfied: z.boolean(), reached: z.boolean() }).optional(),
  urgency: z.enum(['normal', 'urgent']).optional(),
  /** The deadline `onTime` was judged against (ISO 8601 UTC). */
  dueAt: z.iso.datetime({ offset: false }).optional(),
  /** The first department dispatched to and the one whose reply finished it (派单准确率). */
  firstDepartment: z.string().max(128).optional(),
  finalDepartment: z.string().max(128).optional(),
});

/**
 * The result of one callback attempt on a callback task: a ticket's 回访 or a missed call's
 * 漏接回拨 (`callIds`: every abandoned call the task covers, for the missed-call callback rate).
 */
export const TicketCallbackRecorded = z.object({
  v: base.v,
  eventId: base.eventId,
  at: base.at,
  source: base.source,
  type: z.literal('ticket.callback_recorded'),
  taskId: z.uuid(),
  kind: z.enum(['ticket', 'missed_call']),
  ticketId: base.ticketId.optional(),
  callIds: z.array(z.string().min(1).max(128)).max(1000),
  reached: z.boolean(),
  satisfied: z.boolean().optional(),
  /** Attempted within the task's deadline. */
  onTime: z.boolean().optional(),
});

export const TicketEvent = z.union([TicketCreated, TicketTransitioned, TicketCallbackRecorded]);
export type TicketEvent = z.infer<typeof TicketEvent>;
