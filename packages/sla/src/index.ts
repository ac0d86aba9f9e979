// The business clock and SLA rules: pure, time is always epoch ms passed in.
export type { DurationMs, EpochMs } from './epoch-ms.js';
export { MINUTES_PER_DAY, minutesOfDay, timeOfDaySchema, type TimeOfDay } from './time-of-day.js';
export {
  DEFAULT_BUSINESS_CLOCK,
  DEFAULT_EXCLUDED_WINDOWS,
  DEFAULT_TIMEZONE,
  DEFAULT_WORKDAY_CLOCK,
  businessClockSchema,
  defineBusinessClock,
  defineWorkdayClock,
  isoDateSchema,
  workdayClockSchema,
  type BusinessClock,
  type BusinessClockInput,
  type ExcludedWindow,
} from './business-clock.js';
export { addBusinessTime } from './add-business-time.js';
export { businessTimeBetween } from './business-time-between.js';
export { addWallTime } from './wall-time.js';
export { dueStatus, isOnTime, type DueStatus } from './due-status.js';
export {
  CLOCK_KINDS,
  DEADLINE_UNITS,
  addDeadline,
  deadlineMs,
  deadlineSchema,
  hours,
  minutes,
  workingDays,
  type ClockKind,
  type Deadline,
  type DeadlineUnit,
  type SlaClocks,
} from './deadline.js';
export {
  CATEGORIES,
  CHANNELS,
  NETWORK_CHANNELS,
  URGENCIES,
  type Category,
  type Channel,
  type NetworkChannel,
  type Urgency,
} from './vocabulary.js';
export { DEFAULT_SLA_RULE_SET, defineSlaRuleSet, slaRuleSetSchema, type SlaRuleSet, type SlaRuleSetInput } from './rule-set.js';
export { SLA_KINDS, slaClockStart, slaDue, type SlaClockStart, type SlaFacts, type SlaKind } from './sla-due.js';
