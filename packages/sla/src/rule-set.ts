import { z } from 'zod';
import { businessClockSchema, workdayClockSchema } from './business-clock.js';
import { deadlineSchema, hours, minutes, workingDays } from './deadline.js';
import { CHANNELS } from './vocabulary.js';

/** A deadline per urgency; `urgent` falls back to `normal` when absent. */
const byUrgencySchema = z.object({
  normal: deadlineSchema,
  urgent: deadlineSchema.optional(),
});

/** Jiangdu (seed 003, 平均处理时长): 咨询类 <= 2 working days, the others <= 4. */
const nonConsult = () => ({ normal: workingDays(4) });

/**
 * The SLA rules of a site, as data. Every field has a default drawn from the
 * seeds; a site overrides what differs (e.g. Changsha, seed 002, dispatches
 * within 1 working day: `dispatch: { phone: workingDays(1), network: workingDays(1) }`).
 */
export const slaRuleSetSchema = z.object({
  clocks: z
    .object({
      /** Haikou (001) callback clock: 12:00-14:30 and 22:00-08:00 do not count. */
      business: businessClockSchema.prefault({}),
      /** Working days: Monday-Friday; add holidays and 调休 days per year. */
      workday: workdayClockSchema.prefault({}),
    })
    .prefault({}),
  /**
   * Haikou (001, 及时转派工单): phone tickets dispatched within 15 min of
   * creation, web/WeChat and other network channels within 5 min (wall clock).
   * `perChannel` overrides either for one channel.
   */
  dispatch: z
    .object({
      phone: deadlineSchema.default(() => minutes(15)),
      network: deadlineSchema.default(() => minutes(5)),
      perChannel: z.partialRecord(z.enum(CHANNELS), deadlineSchema).default(() => ({})),
    })
    .prefault({}),
  /** Haikou (001, 工单退回审核): a department's return reviewed within 30 min (urgent) / 3 h (others). */
  returnReview: z
    .object({
      normal: deadlineSchema.default(() => hours(3)),
      urgent: deadlineSchema.default(() => minutes(30)),
    })
    .prefault({}),
  /** Haikou (001, 工单回访): called back within 24 h on the business clock, from the reply. */
  callback: deadlineSchema.default(() => hours(24, 'business')),
  /**
   * Missed calls (漏接回拨, Jiangdu 003: 100 % called back). The seeds give no
   * time limit; by default the same 24 business hours as a ticket callback.
   */
  missedCallCallback: deadlineSchema.default(() => hours(24, 'business')),
  /** Haikou (001): suspended (挂起) / difficult (疑难) tickets untouched over 48 h are a defect. */
  staleHold: deadlineSchema.default(() => hours(48)),
  /** Department handling deadlines per category, from dispatch to the department's reply. */
  department: z
    .object({
      consult: byUrgencySchema.default(() => ({ normal: workingDays(2) })),
      complaint: byUrgencySchema.default(nonConsult),
      help: byUrgencySchema.default(nonConsult),
      suggestion: byUrgencySchema.default(nonConsult),
      report: byUrgencySchema.default(nonConsult),
    })
    .prefault({}),
});

/** A parsed rule set: every field present. */
export type SlaRuleSet = z.output<typeof slaRuleSetSchema>;
/** What a site writes: every field optional. */
export type SlaRuleSetInput = z.input<typeof slaRuleSetSchema>;

/** Parse a site's SLA settings over the defaults. Throws a ZodError on bad data. */
export function defineSlaRuleSet(input: SlaRuleSetInput = {}): SlaRuleSet {
  return slaRuleSetSchema.parse(input);
}

/** The seeds' rules with no site overrides. */
export const DEFAULT_SLA_RULE_SET: SlaRuleSet = defineSlaRuleSet();
