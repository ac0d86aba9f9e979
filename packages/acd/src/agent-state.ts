/**
 * Agent state machine: one agent's presence, as a transition table (data) and a
 * pure `transition(state, event, now)`. Time is always a parameter (epoch ms).
 *
 * Rules, and why:
 * - `sign_in` lands in `not_ready` (reason 'signed-in'), not `ready`: a seat
 *   that is signed in before the agent wears the headset would only collect
 *   RONAs. The agent goes ready explicitly.
 * - `sign_out` is allowed from ready, not_ready, wrap_up and break. It is
 *   refused while `reserved` (ringing) or `on_call`: the call must end first,
 *   otherwise a live call would have no agent on record.
 * - Only `ready` is offerable. `wrap_up` and `break` never are.
 * - `ring_no_answer` (RONA, also used for a declined ring) sends the agent to
 *   `not_ready` with reason 'no-answer', so the next caller is not offered to
 *   an absent agent.
 * - `offer_cancelled` (the caller hung up, or the controller withdrew the
 *   offer while ringing) returns to `ready` with the *previous* `readySince`:
 *   the agent did no work, so it keeps its place in the longest-idle order.
 * - `call_ended` with `wrapUpMs === 0` goes straight to `ready`; otherwise
 *   `wrap_up` records `until` so a restarted controller can re-arm the timer.
 * - `wrap_up` ends by `wrap_up_done` (the timer) or `set_ready` (the agent,
 *   early); the agent may also go to not_ready, break or sign out from it.
 * - `end_break` and `set_ready` both end a break into `ready`.
 * - `set_not_ready` while already not_ready changes the reason (a new
 *   interval for reporting). Any other event that would not change the state
 *   (set_ready while ready, start_break while on break...) is refused, so a
 *   duplicate command can never reset `readySince`.
 * - Call-scoped events (answer, ring_no_answer, offer_cancelled, call_ended,
 *   wrap_up_done) may carry `callId`; when they do it must match the state's
 *   call, which rejects a stale timer or a late ARI event from an older call.
 */

export const AGENT_STATUSES = [
  'signed_out',
  'ready',
  'not_ready',
  'reserved',
  'on_call',
  'wrap_up',
  'break',
] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export const AGENT_EVENT_TYPES = [
  'sign_in',
  'sign_out',
  'set_ready',
  'set_not_ready',
  'start_break',
  'end_break',
  'reserve',
  'ring_no_answer',
  'offer_cancelled',
  'answer',
  'call_ended',
  'wrap_up_done',
] as const;
export type AgentEventType = (typeof AGENT_EVENT_TYPES)[number];

/** Reasons the machine itself sets; agents' own reasons are free strings. */
export const NOT_READY_REASONS = {
  signedIn: 'signed-in',
  noAnswer: 'no-answer',
} as const;

/** Every state records `since`: when the agent entered it (epoch ms). */
export type AgentState =
  | { readonly status: 'signed_out'; readonly since: number }
  | {
      readonly status: 'ready';
      readonly since: number;
      /** Start of the current idle period; earliest = longest idle. */
      readonly readySince: number;
    }
  | { readonly status: 'not_ready'; readonly since: number; readonly reason: string }
  | {
      readonly status: 'reserved';
      readonly since: number;
      readonly callId: string;
      /** The `readySince` the agent had before the ring, restored on offer_cancelled. */
      readonly readySince: number;
    }
  | { readonly status: 'on_call'; readonly since: number; readonly callId: string }
  | {
      readonly status: 'wrap_up';
      readonly since: number;
      readonly callId: string;
      /** When the wrap-up timer ends it (since + wrapUpMs). */
      readonly until: number;
    }
  | { readonly status: 'break'; readonly since: number };

export type AgentEvent =
  | { readonly type: 'sign_in' }
  | { readonly type: 'sign_out' }
  | { readonly type: 'set_ready' }
  | { readonly type: 'set_not_ready'; readonly reason: string }
  | { readonly type: 'start_break' }
  | { readonly type: 'end_break' }
  | { readonly type: 'reserve'; readonly callId: string }
  | { readonly type: 'ring_no_answer'; readonly callId?: string }
  | { readonly type: 'offer_cancelled'; readonly callId?: string }
  | { readonly type: 'answer'; readonly callId?: string }
  | { readonly type: 'call_ended'; readonly wrapUpMs: number; readonly callId?: string }
  | { readonly type: 'wrap_up_done'; readonly callId?: string };

export type StateOf<S extends AgentStatus> = Extract<AgentState, { status: S }>;
export type EventOf<E extends AgentEventType> = Extract<AgentEvent, { type: E }>;

export type TransitionErrorCode =
  /** The event is not allowed in the current state. */
  | 'illegal_transition'
  /** The event is allowed but its payload is not usable (empty reason, bad wrapUpMs...). */
  | 'invalid_event'
  /** The event names another call than the one the agent is on. */
  | 'stale_call';

export type TransitionResult =
  | { readonly ok: true; readonly state: AgentState }
  | {
      readonly ok: false;
      readonly code: TransitionErrorCode;
      readonly error: string;
      /** Events allowed in the current state. */
      readonly allowed: readonly AgentEventType[];
    };

/** One legal (state, event) pair: the states it may lead to, and how. */
export interface TransitionRule<S extends AgentStatus, E extends AgentEventType> {
  readonly to: readonly AgentStatus[];
  /** Returns the next state, or a string describing why the event's payload is invalid. */
  readonly apply: (state: StateOf<S>, event: EventOf<E>, now: number) => AgentState | string;
}

export type TransitionTable = {
  readonly [S in AgentStatus]: { readonly [E in AgentEventType]?: TransitionRule<S, E> };
};

const toSignedOut = (now: number): AgentState => ({ status: 'signed_out', since: now });
const toReady = (now: number, readySince = now): AgentState => ({ status: 'ready', since: now, readySince });
const toBreak = (now: number): AgentState => ({ status: 'break', since: now });

function toNotReady(reason: string, now: number): AgentState | string {
  if (reason.trim() === '') return 'set_not_ready needs a non-empty reason';
  return { status: 'not_ready', since: now, reason };
}

const signOut = { to: ['signed_out'], apply: (_s: unknown, _e: unknown, now: number) => toSignedOut(now) } as const;
const setReady = { to: ['ready'], apply: (_s: unknown, _e: unknown, now: number) => toReady(now) } as const;
const startBreak = { to: ['break'], apply: (_s: unknown, _e: unknown, now: number) => toBreak(now) } as const;
const setNotReady = {
  to: ['not_ready'],
  apply: (_s: unknown, e: EventOf<'set_not_ready'>, now: number) => toNotReady(e.reason, now),
} as const;

export const TRANSITIONS: TransitionTable = {
  signed_out: {
    sign_in: { to: ['not_ready'], apply: (_s, _e, now) => toNotReady(NOT_READY_REASONS.signedIn, now) },
  },
  ready: {
    sign_out: signOut,
    set_not_ready: setNotReady,
    start_break: startBreak,
    reserve: {
      to: ['reserved'],
      apply: (s, e, now) =>
        e.callId.trim() === ''
          ? 'reserve needs a non-empty callId'
          : { status: 'reserved', since: now, callId: e.callId, readySince: s.readySince },
    },
  },
  not_ready: {
    sign_out: signOut,
    set_ready: setReady,
    set_not_ready: setNotReady,
    start_break: startBreak,
  },
  reserved: {
    answer: { to: ['on_call'], apply: (s, _e, now) => ({ status: 'on_call', since: now, callId: s.callId }) },
    ring_no_answer: { to: ['not_ready'], apply: (_s, _e, now) => toNotReady(NOT_READY_REASONS.noAnswer, now) },
    offer_cancelled: { to: ['ready'], apply: (s, _e, now) => toReady(now, s.readySince) },
  },
  on_call: {
    call_ended: {
      to: ['wrap_up', 'ready'],
      apply: (s, e, now) => {
        if (!Number.isSafeInteger(e.wrapUpMs) || e.wrapUpMs < 0) {
          return `call_ended needs wrapUpMs as a non-negative integer, got ${String(e.wrapUpMs)}`;
        }
        if (e.wrapUpMs === 0) return toReady(now);
        return { status: 'wrap_up', since: now, callId: s.callId, until: now + e.wrapUpMs };
      },
    },
  },
  wrap_up: {
    wrap_up_done: { to: ['ready'], apply: (_s, _e, now) => toReady(now) },
    set_ready: setReady,
    set_not_ready: setNotReady,
    start_break: startBreak,
    sign_out: signOut,
  },
  break: {
    end_break: { to: ['ready'], apply: (_s, _e, now) => toReady(now) },
    set_ready: setReady,
    set_not_ready: setNotReady,
    sign_out: signOut,
  },
};

/** Events allowed in a state, in the order of `AGENT_EVENT_TYPES`. */
export function allowedEvents(status: AgentStatus): AgentEventType[] {
  const rules = TRANSITIONS[status];
  return AGENT_EVENT_TYPES.filter((type) => rules[type] !== undefined);
}

function callIdOf(state: AgentState): string | undefined {
  return 'callId' in state ? state.callId : undefined;
}

export function transition(state: AgentState, event: AgentEvent, now: number): TransitionResult {
  const allowed = allowedEvents(state.status);
  // The table is typed per (state, event); the lookup below has lost the pairing, so widen once here.
  const rule = TRANSITIONS[state.status][event.type] as
    | TransitionRule<AgentStatus, AgentEventType>
    | undefined;
  if (rule === undefined) {
    return {
      ok: false,
      code: 'illegal_transition',
      error: `event "${event.type}" is not allowed in state "${state.status}"`,
      allowed,
    };
  }
  if (!Number.isFinite(now)) {
    return { ok: false, code: 'invalid_event', error: `now must be a finite epoch ms, got ${String(now)}`, allowed };
  }
  const stateCallId = callIdOf(state);
  if ('callId' in event && event.callId !== undefined && event.type !== 'reserve' && event.callId !== stateCallId) {
    return {
      ok: false,
      code: 'stale_call',
      error: `event "${event.type}" is for call "${event.callId}" but the agent is on call "${String(stateCallId)}"`,
      allowed,
    };
  }
  const next = rule.apply(state as StateOf<AgentStatus>, event as EventOf<AgentEventType>, now);
  if (typeof next === 'string') return { ok: false, code: 'invalid_event', error: next, allowed };
  return { ok: true, state: next };
}

/** An agent can be offered a call only when ready (never in wrap_up or break). */
export function isOfferable(state: AgentState): state is StateOf<'ready'> {
  return state.status === 'ready';
}

/** The state of an agent who has never signed in, or whose record was just created. */
export function initialAgentState(now: number): AgentState {
  return toSignedOut(now);
}
