import { z } from 'zod';

/**
 * Commands from the API to the controller that owns a call (hold, transfers, monitor), over
 * Redis pub/sub: the API publishes on `commands`, every controller hears it, only the one with
 * the call in memory acts and answers on `replies` with the same commandId. No answer within
 * the API's timeout means no controller has that call in progress.
 */
export const callCommandChannels = (prefix: string) => ({
  commands: `${prefix}:call-commands`,
  replies: `${prefix}:call-command-replies`,
});

/** Where a transfer goes: a queue, a named agent, or an external number through the trunk. */
export const TransferTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('queue'), queueId: z.string().min(1).max(128) }),
  z.object({ type: z.literal('agent'), agentId: z.string().min(1).max(128) }),
  // Digits only (an optional +): the number ends up in a dial string.
  z.object({ type: z.literal('external'), number: z.string().regex(/^\+?[0-9]{3,20}$/) }),
]);
export type TransferTarget = z.infer<typeof TransferTarget>;

export const CallCommand = z.discriminatedUnion('command', [
  z.object({ command: z.literal('hold') }),
  z.object({ command: z.literal('unhold') }),
  /** Blind: the agent leaves at once. */
  z.object({ command: z.literal('transfer'), target: TransferTarget }),
  /** Attended: the caller on hold while the agent talks to the target, then complete or cancel. */
  z.object({ command: z.literal('consult'), target: TransferTarget }),
  z.object({ command: z.literal('consult_complete') }),
  z.object({ command: z.literal('consult_cancel') }),
  z.object({
    command: z.literal('monitor'),
    mode: z.enum(['listen', 'whisper', 'barge']),
    supervisorId: z.string().min(1).max(128),
    /** The supervisor's seat endpoint (e.g. agent0009): their softphone is rung. */
    seat: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  }),
  z.object({ command: z.literal('monitor_stop') }),
]);
export type CallCommand = z.infer<typeof CallCommand>;

export const CallCommandMessage = z.object({ commandId: z.uuid(), callId: z.string().min(1).max(128), body: CallCommand });
export type CallCommandMessage = z.infer<typeof CallCommandMessage>;

/** ok, or refused with an HTTP-like status (404 unknown target, 409 not possible in the call's state). */
export const CallCommandReply = z.object({
  commandId: z.uuid(),
  ok: z.boolean(),
  status: z.number().int(),
  message: z.string().max(500).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type CallCommandReply = z.infer<typeof CallCommandReply>;

/** What a session answers to a command it cannot carry out. */
export class CommandRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
