import {
  AgentStateChanged, CallAbandoned, CallAnswered, CallArrived, CallEnded, CallHeld, CallIvrFinished, CallOffered, CallOverflowed,
  CallQueued, CallRona, CallTransferred, CallTransferStep, CallUnheld, CallbackRequested, RecordingReviewed, RecordingStored, SupervisorMonitor, SurveyAnswered,
  parseEvent, type HotlineEvent,
} from './schema.js';
import { TicketCallbackRecorded, TicketCreated, TicketTransitioned } from './ticket-events.js';
import type { ZodType } from 'zod';

// The schema of each event type. Validating against it directly instead of the whole
// HotlineEvent union (which tries the members one by one) is several times faster: the
// publisher validates every event it sends and the aggregator every event it consumes.
const BY_TYPE = new Map<string, ZodType>([
  ['call.arrived', CallArrived], ['call.answered', CallAnswered], ['call.ivr_finished', CallIvrFinished],
  ['call.queued', CallQueued], ['call.offered', CallOffered], ['call.rona', CallRona], ['call.abandoned', CallAbandoned],
  ['call.overflowed', CallOverflowed], ['callback.requested', CallbackRequested], ['call.transferred', CallTransferred],
  ['call.consult_started', CallTransferStep], ['call.consult_ended', CallTransferStep], ['call.transfer_failed', CallTransferStep],
  ['recording.reviewed', RecordingReviewed],
  ['call.held', CallHeld], ['call.unheld', CallUnheld], ['survey.answered', SurveyAnswered], ['recording.stored', RecordingStored],
  ['supervisor.monitor_started', SupervisorMonitor], ['supervisor.monitor_ended', SupervisorMonitor], ['call.ended', CallEnded],
  ['agent.state_changed', AgentStateChanged], ['ticket.created', TicketCreated], ['ticket.transitioned', TicketTransitioned],
  ['ticket.callback_recorded', TicketCallbackRecorded],
]);

/** parseEvent, by the event's own schema when its type is known (a type added later still goes through the union). */
export function parseEventFast(input: unknown): HotlineEvent {
  const type = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
  const schema = typeof type === 'string' ? BY_TYPE.get(type) : undefined;
  return schema ? (schema.parse(input) as HotlineEvent) : parseEvent(input);
}
