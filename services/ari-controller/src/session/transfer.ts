/** Where a transfer sends the caller. */
export type TransferTarget =
  | { readonly type: 'queue'; readonly queueId: string }
  | { readonly type: 'agent'; readonly agentId: string }
  | { readonly type: 'external'; readonly number: string };

/**
 * A transfer that rings a target of its own (an agent, an external number, or an agent picked
 * from a queue for a consultation). Blind: the agent has left and the caller waits with music
 * until the target answers. Attended: the caller is on hold while the agent talks to the target
 * (`connected`), then completes (the caller goes to the target, the agent leaves) or cancels.
 * A blind transfer to a queue needs none of this: the caller simply waits in that queue.
 */
export type TransferState =
  | { readonly phase: 'idle' }
  | {
      readonly phase: 'ringing' | 'connected';
      readonly mode: 'blind' | 'attended';
      readonly target: TransferTarget;
      /** The target's leg. */
      readonly channelId: string;
      /** The agent rung (the target agent, or the one picked from the target queue); null for a number. */
      readonly targetAgentId: string | null;
    };

export type TransferOutcome = 'completed' | 'cancelled' | 'no_answer' | 'target_hung_up' | 'caller_hung_up';

export type TransferInput =
  | { readonly type: 'start'; readonly mode: 'blind' | 'attended'; readonly target: TransferTarget; readonly channelId: string; readonly targetAgentId: string | null }
  | { readonly type: 'target_answered'; readonly channelId: string }
  /** The target's leg ended: hung up, rejected, unreachable, or not answered in time. */
  | { readonly type: 'target_left'; readonly channelId: string }
  | { readonly type: 'complete' }
  | { readonly type: 'cancel' }
  /** The transferring agent hung up. */
  | { readonly type: 'agent_left' }
  | { readonly type: 'caller_left' };

/** What the agent rung as a target goes through when their leg is dropped. */
export type TargetAgentEvent = 'offer_cancelled' | 'ring_no_answer' | 'call_ended';

/** Steps the session carries out, in order. */
export type TransferEffect =
  /** Attended: the caller leaves the conversation for music on hold (a hold on the call). */
  | { readonly do: 'hold_caller' }
  /** Blind: the agent leaves now (wrap-up); the caller hears music until the target answers. */
  | { readonly do: 'release_agent' }
  /** Attended: the target joins the agent's conversation (a target agent goes on call). */
  | { readonly do: 'connect_target' }
  /** The caller is connected with the target, who becomes the call's party; the agent leaves if still there. */
  | { readonly do: 'hand_over' }
  /** The target's leg is hung up (if still there); a target agent goes through `agentEvent`. */
  | { readonly do: 'drop_target'; readonly agentEvent: TargetAgentEvent | null }
  /** Attended: the caller comes back to the agent, off hold. */
  | { readonly do: 'return_caller' }
  /** Blind: nobody took the caller; they wait in the call's queue again (still the same call). */
  | { readonly do: 'requeue' }
  /** A leg that is not (or no longer) this transfer's target answered: hang it up. */
  | { readonly do: 'hangup_stray'; readonly channelId: string };

export type TransferStep =
  | { readonly ok: true; readonly next: TransferState; readonly effects: readonly TransferEffect[]; readonly outcome?: TransferOutcome }
  | { readonly ok: false; readonly status: 409; readonly reason: string };

const IDLE: TransferState = { phase: 'idle' };

const done = (effects: TransferEffect[], outcome: TransferOutcome): TransferStep => ({ ok: true, next: IDLE, effects, outcome });
const refuse = (reason: string): TransferStep => ({ ok: false, status: 409, reason });

/** The event a target agent's state goes through when their leg is dropped in this state. */
function dropEvent(s: Exclude<TransferState, { phase: 'idle' }>, ringingEnd: 'offer_cancelled' | 'ring_no_answer'): TargetAgentEvent | null {
  if (s.targetAgentId === null) return null;
  return s.phase === 'connected' ? 'call_ended' : ringingEnd;
}

/** The transfer state machine: pure, so every path (and every refusal) is unit-tested. */
export function transferStep(s: TransferState, input: TransferInput): TransferStep {
  if (input.type === 'start') {
    if (s.phase !== 'idle') return refuse('a transfer is already in progress');
    if (input.target.type === 'queue' && input.mode === 'blind') return refuse('a blind transfer to a queue does not ring a target');
    return {
      ok: true,
      next: { phase: 'ringing', mode: input.mode, target: input.target, channelId: input.channelId, targetAgentId: input.targetAgentId },
      effects: [{ do: input.mode === 'attended' ? 'hold_caller' : 'release_agent' }],
    };
  }
  if (s.phase === 'idle') {
    if (input.type === 'target_answered') return { ok: true, next: s, effects: [{ do: 'hangup_stray', channelId: input.channelId }] };
    if (input.type === 'complete' || input.type === 'cancel') return refuse('no consultation in progress');
    return { ok: true, next: s, effects: [] };
  }
  switch (input.type) {
    case 'target_answered':
      if (input.channelId !== s.channelId || s.phase !== 'ringing') return { ok: true, next: s, effects: [{ do: 'hangup_stray', channelId: input.channelId }] };
      // Blind: the target takes the caller at once. Attended: the agent talks to the target first.
      if (s.mode === 'blind') return done([{ do: 'hand_over' }], 'completed');
      return { ok: true, next: { ...s, phase: 'connected' }, effects: [{ do: 'connect_target' }] };
    case 'target_left':
      if (input.channelId !== s.channelId) return { ok: true, next: s, effects: [] };
      return done(
        [{ do: 'drop_target', agentEvent: dropEvent(s, 'ring_no_answer') }, { do: s.mode === 'blind' ? 'requeue' : 'return_caller' }],
        s.phase === 'connected' ? 'target_hung_up' : 'no_answer',
      );
    case 'complete':
      if (s.mode !== 'attended') return refuse('only a consultation can be completed');
      if (s.phase !== 'connected') return refuse('the target has not answered yet');
      return done([{ do: 'hand_over' }], 'completed');
    case 'cancel':
      if (s.mode !== 'attended') return refuse('only a consultation can be cancelled');
      return done([{ do: 'drop_target', agentEvent: dropEvent(s, 'offer_cancelled') }, { do: 'return_caller' }], 'cancelled');
    case 'agent_left':
      // An agent hanging up during a consultation hands the caller over, as on a desk phone; while
      // the target still rings there is nobody to hand over to, so the consultation is dropped.
      if (s.mode === 'blind') return { ok: true, next: s, effects: [] };
      if (s.phase === 'connected') return done([{ do: 'hand_over' }], 'completed');
      return done([{ do: 'drop_target', agentEvent: 'offer_cancelled' }], 'cancelled');
    case 'caller_left':
      return done([{ do: 'drop_target', agentEvent: dropEvent(s, 'offer_cancelled') }], 'caller_hung_up');
  }
}

/** The agent a transfer is ringing (the sweeper must leave their reservation alone). */
export function ringingTargetAgent(s: TransferState): string | null {
  return s.phase === 'ringing' ? s.targetAgentId : null;
}
