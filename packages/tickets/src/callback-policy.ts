import { z } from 'zod';
import { unitHash } from './stable-hash.js';
import type { Ticket } from './ticket.js';
import { categorySchema } from './ticket-fields.js';
import type { Category } from './vocabulary.js';

/**
 * Which finished tickets are called back (回访), as site settings.
 * - `alwaysCategories`: Changsha (002, 不满意工单回访率) calls back every
 *   complaint (投诉) and report (举报): 100 %.
 * - `alwaysWhenDissatisfied`: a ticket whose last callback was dissatisfied
 *   (reopened and answered again) is always called back.
 * - `allDispatched`: Jiangdu (003, 回访覆盖率 = 回访量/派发工单量 = 100 %)
 *   calls back every dispatched ticket.
 * - `sampleShare`: the share of the remaining tickets (online resolutions,
 *   and dispatched ones when `allDispatched` is off) drawn for a callback.
 *   No seed gives a figure; 10 % by default.
 * - `sampleSalt`: mixed into the ticket-id hash, to draw a fresh sample
 *   (per month, say) while staying reproducible.
 */
export const callbackPolicySchema = z.object({
  alwaysCategories: z.array(categorySchema).default((): Category[] => ['complaint', 'report']),
  alwaysWhenDissatisfied: z.boolean().default(true),
  allDispatched: z.boolean().default(true),
  sampleShare: z.number().min(0).max(1).default(0.1),
  sampleSalt: z.string().max(200).default(''),
});

export type CallbackPolicy = z.output<typeof callbackPolicySchema>;
export type CallbackPolicyInput = z.input<typeof callbackPolicySchema>;

export const DEFAULT_CALLBACK_POLICY: CallbackPolicy = callbackPolicySchema.parse({});

/** Why a ticket is or is not called back: stored with the task, it explains the coverage figure. */
export type CallbackReason = 'not_awaiting_callback' | 'category' | 'dissatisfied' | 'dispatched' | 'sampled' | 'not_sampled';

export interface CallbackDecision {
  readonly callback: boolean;
  readonly reason: CallbackReason;
  /** The number drawn in [0, 1) when the sample decided. */
  readonly draw?: number;
}

/** Only finished tickets that have not been called back yet are candidates. */
const AWAITING_CALLBACK = new Set(['resolved_online', 'replied']);

/**
 * Whether `ticket` needs a callback under `policy`. The sample draw comes from
 * `random` when given (it must return [0, 1)), otherwise from a hash of the
 * salted ticket id: the same ticket always gets the same answer.
 */
export function needsCallback(
  ticket: Pick<Ticket, 'id' | 'state' | 'category' | 'firstDepartment' | 'callbackSatisfaction'>,
  policy: CallbackPolicy = DEFAULT_CALLBACK_POLICY,
  random?: () => number,
): CallbackDecision {
  if (!AWAITING_CALLBACK.has(ticket.state)) return { callback: false, reason: 'not_awaiting_callback' };
  if (ticket.category !== undefined && policy.alwaysCategories.includes(ticket.category)) {
    return { callback: true, reason: 'category' };
  }
  if (policy.alwaysWhenDissatisfied && ticket.callbackSatisfaction === 'dissatisfied') {
    return { callback: true, reason: 'dissatisfied' };
  }
  if (policy.allDispatched && ticket.firstDepartment !== undefined) return { callback: true, reason: 'dispatched' };

  const draw = random === undefined ? unitHash(`${policy.sampleSalt}:${ticket.id}`) : random();
  if (!(draw >= 0 && draw < 1)) throw new RangeError(`random() must return a number in [0, 1), got ${draw}`);
  return draw < policy.sampleShare ? { callback: true, reason: 'sampled', draw } : { callback: false, reason: 'not_sampled', draw };
}
