import { z } from 'zod';

/**
 * The call-event contract: the controller emits these, the aggregator consumes them,
 * the API reads what the aggregator wrote. Bump SCHEMA_VERSION on any breaking change
 * and keep the consumer accepting the previous version until producers are upgraded.
 */
export const SCHEMA_VERSION = 1;

const base = {
  v: z.literal(SCHEMA_VERSION),
  /** Unique per event: the BullMQ job id and the idempotency key in Postgres. */
  eventId: z.uuid(),
  /** When it happened (producer's clock), ISO 8601 UTC with milliseconds. */
  at: z.iso.datetime({ offset: false }),
  source: z.string().min(1).max(64),
};
const callBase = { ...base, callId: z.string().min(1).max(128) };

export const CallArrived = z.object({
  ...callBase,
  type: z.literal('call.arrived'),
  caller: z.string().max(64),
  dialed: z.string().max(64),
  channelId: z.string().min(1).max(128),
});

/** `party: 'ivr'` is the system answering the trunk leg; `agent` is an agent taking the call (the KPI "answered"). */
export const CallAnswered = z.discriminatedUnion('party', [
  z.object({ ...callBase, type: z.literal('call.answered'), party: z.literal('ivr') }),
  z.object({
    ...callBase,
    type: z.literal('call.answered'),
    party: z.literal('agent'),
    agentId: z.string().min(1),
    queueId: z.string().min(1),
    waitMs: z.number().int().nonnegative(),
  }),
]);

export const CallEnded = z.object({
  ...callBase,
  type: z.literal('call.ended'),
  /** Asterisk's hang-up cause text, e.g. "Normal Clearing". */
  cause: z.string().max(128),
});

export const CallEvent = z.union([CallArrived, CallAnswered, CallEnded]);

export type CallArrived = z.infer<typeof CallArrived>;
export type CallAnswered = z.infer<typeof CallAnswered>;
export type CallEnded = z.infer<typeof CallEnded>;
export type CallEvent = z.infer<typeof CallEvent>;
export type CallEventType = CallEvent['type'];

/** Validates an event from the wire; throws a ZodError naming the bad fields. */
export function parseEvent(input: unknown): CallEvent {
  return CallEvent.parse(input);
}
