import { z } from 'zod';
import { TicketEvent } from './ticket-events.js';

/**
 * The event contract: the controller and the API emit these, the aggregator consumes them,
 * the API reads what the aggregator wrote. Bump SCHEMA_VERSION on any breaking change and
 * keep the consumer accepting the previous version until producers are upgraded.
 * Adding an optional field is not breaking.
 */
export { SCHEMA_VERSION } from './version.js';
import { SCHEMA_VERSION } from './version.js';

export const eventBase = {
  v: z.literal(SCHEMA_VERSION),
  /** Unique per event: the BullMQ job id and the idempotency key in Postgres. */
  eventId: z.uuid(),
  /** When it happened (producer's clock), ISO 8601 UTC with milliseconds. */
  at: z.iso.datetime({ offset: false }),
  source: z.string().min(1).max(64),
};
const callBase = { ...eventBase, callId: z.string().min(1).max(128) };
const id = z.string().min(1).max(128);
const ms = z.number().int().nonnegative();

export const CallArrived = z.object({
  ...callBase,
  type: z.literal('call.arrived'),
  caller: z.string().max(64),
  dialed: z.string().max(64),
  channelId: id,
});

/** `party: 'ivr'` is the system answering the trunk leg; `agent` is an agent taking the call (the KPI "answered"). */
export const CallAnswered = z.discriminatedUnion('party', [
  z.object({ ...callBase, type: z.literal('call.answered'), party: z.literal('ivr') }),
  z.object({
    ...callBase,
    type: z.literal('call.answered'),
    party: z.literal('agent'),
    agentId: id,
    queueId: id,
    /** answered_at - queued_at, in ms, across every offer (RONA included). */
    waitMs: ms,
  }),
]);

/** The caller finished the IVR: where it led and the path of nodes walked. */
export const CallIvrFinished = z.object({
  ...callBase,
  type: z.literal('call.ivr_finished'),
  outcome: z.enum(['queued', 'transferred', 'hung_up', 'cancelled']),
  path: z.array(z.string().max(64)).max(200),
});

export const CallQueued = z.object({
  ...callBase,
  type: z.literal('call.queued'),
  queueId: id,
  skill: z.string().max(64),
  priority: z.number().int(),
});

export const CallOffered = z.object({
  ...callBase,
  type: z.literal('call.offered'),
  queueId: id,
  agentId: id,
  /** 1 for the first agent rung, 2 after one RONA, ... */
  attempt: z.number().int().positive(),
});

/** Ring, no answer: the agent did not pick up within the queue's ring timeout (or rejected). */
export const CallRona = z.object({
  ...callBase,
  type: z.literal('call.rona'),
  queueId: id,
  agentId: id,
  ringMs: ms,
});

export const CallAbandoned = z.object({
  ...callBase,
  type: z.literal('call.abandoned'),
  queueId: id,
  /** abandoned_at - queued_at, in ms. */
  waitMs: ms,
});

export const CallOverflowed = z.object({
  ...callBase,
  type: z.literal('call.overflowed'),
  queueId: id,
  action: z.enum(['queue', 'callback', 'hangup']),
  toQueueId: id.optional(),
});

/** The caller asked to be called back (overflow with a key press): a callback task for the ticket side. */
export const CallbackRequested = z.object({
  ...callBase,
  type: z.literal('callback.requested'),
  queueId: id,
  number: z.string().max(64),
});

export const TransferTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('queue'), queueId: id }),
  z.object({ type: z.literal('agent'), agentId: id }),
  z.object({ type: z.literal('external'), number: z.string().max(64) }),
]);

/** The caller went to another queue, agent or number; `attended` once a consultation is completed. */
export const CallTransferred = z.object({
  ...callBase,
  type: z.literal('call.transferred'),
  kind: z.enum(['ivr', 'blind', 'attended']),
  target: TransferTarget,
  agentId: id.optional(),
});

/**
 * The steps of a transfer that rings a target: an attended transfer's consultation starting
 * (the caller on hold) and ending (`outcome`: completed, cancelled, no_answer, target_hung_up,
 * caller_hung_up), and a blind transfer to an agent or a number that nobody answered (the caller
 * waits in the queue again). `agentId` is the transferring agent.
 */
export const CallTransferStep = z.object({
  ...callBase,
  type: z.enum(['call.consult_started', 'call.consult_ended', 'call.transfer_failed']),
  target: TransferTarget,
  agentId: id,
  outcome: z.enum(['completed', 'cancelled', 'no_answer', 'target_hung_up', 'caller_hung_up']).optional(),
});

export const CallHeld = z.object({ ...callBase, type: z.literal('call.held'), agentId: id });
export const CallUnheld = z.object({ ...callBase, type: z.literal('call.unheld'), agentId: id, holdMs: ms });

export const SurveyAnswered = z.object({
  ...callBase,
  type: z.literal('survey.answered'),
  agentId: id.nullable(),
  result: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied', 'no_answer']),
});

export const RecordingStored = z.object({
  ...callBase,
  type: z.literal('recording.stored'),
  recordingId: id,
  agentId: id.nullable(),
  path: z.string().max(1024),
  durationMs: ms,
  sampleRate: z.number().int().positive(),
  channels: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** A QA review of a call's recording (the QA sampling rate counts calls with a reviewed recording). */
export const RecordingReviewed = z.object({
  ...callBase,
  type: z.literal('recording.reviewed'),
  recordingId: id,
  reviewerId: id,
  score: z.number().int().min(0).max(100),
});

export const SupervisorMonitor = z.object({
  ...callBase,
  type: z.enum(['supervisor.monitor_started', 'supervisor.monitor_ended']),
  supervisorId: id,
  mode: z.enum(['listen', 'whisper', 'barge']),
  agentId: id.nullable(),
});

export const CallEnded = z.object({
  ...callBase,
  type: z.literal('call.ended'),
  /** Asterisk's hang-up cause text, e.g. "Normal Clearing". */
  cause: z.string().max(128),
  endedBy: z.enum(['caller', 'agent', 'system']).optional(),
});

export const AGENT_STATUSES = ['signed_out', 'ready', 'not_ready', 'reserved', 'on_call', 'wrap_up', 'break'] as const;

export const AgentStateChanged = z.object({
  ...eventBase,
  type: z.literal('agent.state_changed'),
  agentId: id,
  from: z.enum(AGENT_STATUSES),
  to: z.enum(AGENT_STATUSES),
  reason: z.string().max(64).optional(),
  callId: id.optional(),
});

/**
 * Once a minute, each controller instance: which platform components served callers for the
 * whole of the minute before (the availability KPIs; a minute nobody reports counts as down).
 */
export const PlatformAvailability = z.object({
  ...eventBase,
  type: z.literal('platform.availability'),
  /** The reporting controller process (several may run; a component is up when one of them had it up). */
  instance: id,
  /** Start of the minute, ISO 8601 UTC, on a whole minute. */
  minute: z.iso.datetime({ offset: false }).refine((t) => Date.parse(t) % 60_000 === 0, 'the start of a minute'),
  up: z.object({ telephony: z.boolean(), ivr: z.boolean(), queue: z.boolean(), seats: z.boolean() }),
  /** Probes taken inside the minute. */
  probes: z.number().int().positive(),
});

export const CallEvent = z.union([
  CallArrived,
  CallAnswered,
  CallIvrFinished,
  CallQueued,
  CallOffered,
  CallRona,
  CallAbandoned,
  CallOverflowed,
  CallbackRequested,
  CallTransferred,
  CallTransferStep,
  CallHeld,
  CallUnheld,
  SurveyAnswered,
  RecordingStored,
  RecordingReviewed,
  SupervisorMonitor,
  CallEnded,
]);
export const AgentEvent = AgentStateChanged;
export const HotlineEvent = z.union([CallEvent, AgentEvent, TicketEvent, PlatformAvailability]);

export type CallEvent = z.infer<typeof CallEvent>;
export type AgentEvent = z.infer<typeof AgentEvent>;
export type PlatformAvailability = z.infer<typeof PlatformAvailability>;
export type HotlineEvent = z.infer<typeof HotlineEvent>;
export type HotlineEventType = HotlineEvent['type'];
export type { TicketEvent };

/** Validates an event from the wire; throws a ZodError naming the bad fields. */
export function parseEvent(input: unknown): HotlineEvent {
  return HotlineEvent.parse(input);
}

export function isCallEvent(e: HotlineEvent): e is CallEvent {
  return 'callId' in e && typeof e.callId === 'string' && !e.type.startsWith('agent.') && !e.type.startsWith('ticket.');
}
