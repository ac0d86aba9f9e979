/**
 * Additive counters of tickets (工单), rolled up like the voice counters.
 * Per-channel counters are keyed by the channel name (web, wechat, app...).
 */
export interface ChannelCounters {
  readonly received: number;
  readonly replied: number;
}

export interface TicketCounters {
  /** All tickets accepted (受理总量): the complaint-rate denominator. */
  readonly tickets: number;
  /** Valid tickets: the first-contact-resolution denominator. */
  readonly validTickets: number;
  /** Valid tickets closed online by the agent (首呼解决 / 在线办结). */
  readonly resolvedOnline: number;
  readonly dispatched: number;
  /** Dispatched within the channel's limit (15 min phone, 5 min other channels). */
  readonly dispatchedOnTime: number;
  /** Dispatched tickets whose first department is not the one that finally resolved them. */
  readonly dispatchedWrongFirstDept: number;
  /** Department returns (退单) reviewed. */
  readonly returnsReviewed: number;
  /** Reviewed within 30 min (urgent) / 3 h (other). */
  readonly returnsReviewedOnTime: number;
  /** Finished tickets whose callback deadline has been judged. */
  readonly callbacksDue: number;
  /** Called back within 24 business hours (judged by the SLA clock). */
  readonly callbacksOnTime: number;
  /** Suspended or difficult tickets untouched for more than 48 h. */
  readonly staleSuspended: number;
  /** Dispatched tickets called back (回访): the callback-coverage numerator. */
  readonly calledBack: number;
  /** Complaint / report tickets whose citizen was dissatisfied. */
  readonly dissatisfiedComplaints: number;
  readonly dissatisfiedComplaintsCalledBack: number;
  readonly completed: number;
  /** Completed by the ticket's deadline (inclusive). */
  readonly completedOnTime: number;
  /** Received / replied per network channel (mayor's mailbox, app, web...). */
  readonly channels: Readonly<Record<string, ChannelCounters>>;
  /** Valid complaints about agents (errors, attitude). */
  readonly complaintsAboutAgents: number;
}

export const EMPTY_TICKET_COUNTERS: TicketCounters = {
  tickets: 0,
  validTickets: 0,
  resolvedOnline: 0,
  dispatched: 0,
  dispatchedOnTime: 0,
  dispatchedWrongFirstDept: 0,
  returnsReviewed: 0,
  returnsReviewedOnTime: 0,
  callbacksDue: 0,
  callbacksOnTime: 0,
  staleSuspended: 0,
  calledBack: 0,
  dissatisfiedComplaints: 0,
  dissatisfiedComplaintsCalledBack: 0,
  completed: 0,
  completedOnTime: 0,
  channels: {},
  complaintsAboutAgents: 0,
};

type ScalarKey = Exclude<keyof TicketCounters, 'channels'>;
const SCALAR_KEYS = Object.keys(EMPTY_TICKET_COUNTERS).filter((k): k is ScalarKey => k !== 'channels');

function mergeChannels(
  a: Readonly<Record<string, ChannelCounters>>,
  b: Readonly<Record<string, ChannelCounters>>,
): Record<string, ChannelCounters> {
  const out: Record<string, ChannelCounters> = { ...a };
  for (const [name, c] of Object.entries(b)) {
    const prev = out[name];
    out[name] = prev ? { received: prev.received + c.received, replied: prev.replied + c.replied } : c;
  }
  return out;
}

/** Sum of two counter records; channels are merged by name (a channel absent on one side had no traffic). */
export function mergeTicketCounters(a: TicketCounters, b: TicketCounters): TicketCounters {
  const scalars = Object.fromEntries(SCALAR_KEYS.map((k) => [k, a[k] + b[k]])) as Record<ScalarKey, number>;
  return { ...scalars, channels: mergeChannels(a.channels, b.channels) };
}

export function sumTicketCounters(all: Iterable<TicketCounters>): TicketCounters {
  let acc = EMPTY_TICKET_COUNTERS;
  for (const c of all) acc = mergeTicketCounters(acc, c);
  return acc;
}
