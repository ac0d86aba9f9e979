import type { Config } from '@hotline/config';
import { defineSlaRuleSet, type SlaRuleSet } from '@hotline/sla';
import {
  DEFAULT_WORKFLOW_OPTIONS,
  callbackPolicySchema,
  type CallbackPolicy,
  type MissedCallOptions,
  type WorkflowOptions,
} from '@hotline/tickets';

/** The site settings the ticketing routes read. */
export interface TicketingSettings {
  readonly rules: SlaRuleSet;
  readonly callbackPolicy: CallbackPolicy;
  readonly workflow: WorkflowOptions;
  readonly missedCall: MissedCallOptions;
  /** A deadline this close is "due soon". */
  readonly dueSoonMs: number;
}

/** The seeds' SLA rules on the site's time zone, with the callback sample share from the environment. */
export function ticketingSettings(config: Pick<Config, 'site' | 'tickets'>): TicketingSettings {
  const timezone = config.site.SITE_TZ;
  return {
    rules: defineSlaRuleSet({ clocks: { business: { timezone }, workday: { timezone } } }),
    callbackPolicy: callbackPolicySchema.parse({ sampleShare: config.tickets.CALLBACK_SAMPLE_SHARE }),
    workflow: DEFAULT_WORKFLOW_OPTIONS,
    missedCall: { minWaitMs: config.tickets.MISSED_CALL_MIN_WAIT_SEC * 1000 },
    dueSoonMs: config.tickets.TICKET_DUE_SOON_MIN * 60_000,
  };
}
