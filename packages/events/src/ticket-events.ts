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
});

export const TicketEvent = z.union([TicketCreated, TicketTransitioned]);
export type TicketEvent = z.infer<typeof TicketEvent>;
