import type { PlatformComponent } from './availability.js';
import type { KpiUnit, KpiValue } from './kpi-value.js';
import type { TicketKpis } from './ticket-kpis.js';
import type { ServiceLevelKey, VoiceKpis } from './voice-kpis.js';

/** What a figure can be traced back to. */
export type EvidenceKind = 'calls' | 'tickets' | 'agent_states' | 'platform' | 'manual';

interface KpiInfo {
  readonly unit: KpiUnit;
  readonly evidenceKind: Exclude<EvidenceKind, 'manual'>;
}

/** The named KPIs a scorecard can refer to (service levels come on top: `serviceLevel15s`...). */
export const KPI_CATALOG = {
  offered: { unit: 'count', evidenceKind: 'calls' },
  answered: { unit: 'count', evidenceKind: 'calls' },
  abandoned: { unit: 'count', evidenceKind: 'calls' },
  answerRate: { unit: 'ratio', evidenceKind: 'calls' },
  abandonRate: { unit: 'ratio', evidenceKind: 'calls' },
  asaMs: { unit: 'ms', evidenceKind: 'calls' },
  longestWaitMs: { unit: 'ms', evidenceKind: 'calls' },
  ahtMs: { unit: 'ms', evidenceKind: 'calls' },
  acwMeanMs: { unit: 'ms', evidenceKind: 'calls' },
  satisfaction: { unit: 'ratio', evidenceKind: 'calls' },
  hangUpSatisfaction: { unit: 'ratio', evidenceKind: 'calls' },
  missedCallCallbackRate: { unit: 'ratio', evidenceKind: 'calls' },
  qaSamplingRate: { unit: 'ratio', evidenceKind: 'calls' },
  complianceDays: { unit: 'ratio', evidenceKind: 'calls' },
  utilisation: { unit: 'ratio', evidenceKind: 'agent_states' },
  availabilityQueue: { unit: 'ratio', evidenceKind: 'platform' },
  availabilityIvr: { unit: 'ratio', evidenceKind: 'platform' },
  availabilitySeats: { unit: 'ratio', evidenceKind: 'platform' },
  availabilityTelephony: { unit: 'ratio', evidenceKind: 'platform' },
  tickets: { unit: 'count', evidenceKind: 'tickets' },
  dispatchTimeliness: { unit: 'ratio', evidenceKind: 'tickets' },
  lateDispatches: { unit: 'count', evidenceKind: 'tickets' },
  fcr: { unit: 'ratio', evidenceKind: 'tickets' },
  dispatchAccuracy: { unit: 'ratio', evidenceKind: 'tickets' },
  returnReviewTimeliness: { unit: 'ratio', evidenceKind: 'tickets' },
  lateReturnReviews: { unit: 'count', evidenceKind: 'tickets' },
  callbackTimeliness: { unit: 'ratio', evidenceKind: 'tickets' },
  lateCallbacks: { unit: 'count', evidenceKind: 'tickets' },
  staleSuspended: { unit: 'count', evidenceKind: 'tickets' },
  callbackCoverage: { unit: 'ratio', evidenceKind: 'tickets' },
  dissatisfiedCallbackRate: { unit: 'ratio', evidenceKind: 'tickets' },
  onTimeCompletion: { unit: 'ratio', evidenceKind: 'tickets' },
  channelResponseRate: { unit: 'ratio', evidenceKind: 'tickets' },
  complaintRate: { unit: 'ratio', evidenceKind: 'tickets' },
} as const satisfies Record<string, KpiInfo>;

export type NamedKpiKey = keyof typeof KPI_CATALOG;
export type KpiKey = NamedKpiKey | ServiceLevelKey;

/** The figures of one period, by KPI name: what `scoreMonth` reads. */
export type KpiSet = Readonly<Partial<Record<KpiKey, KpiValue>>>;

const SERVICE_LEVEL = /^serviceLevel(\d+(\.\d+)?)s$/;

export function isKpiKey(key: string): key is KpiKey {
  return Object.hasOwn(KPI_CATALOG, key) || SERVICE_LEVEL.test(key);
}

/** Unit and evidence of a KPI name, `undefined` for an unknown name. */
export function kpiInfo(key: string): KpiInfo | undefined {
  if (Object.hasOwn(KPI_CATALOG, key)) return KPI_CATALOG[key as NamedKpiKey];
  return SERVICE_LEVEL.test(key) ? { unit: 'ratio', evidenceKind: 'calls' } : undefined;
}

export interface KpiSources {
  readonly voice?: VoiceKpis;
  readonly tickets?: TicketKpis;
  readonly complianceDays?: KpiValue;
  readonly utilisation?: KpiValue;
  readonly availability?: Readonly<Partial<Record<PlatformComponent, KpiValue>>>;
}

const AVAILABILITY_KEY: Record<PlatformComponent, NamedKpiKey> = {
  queue: 'availabilityQueue',
  ivr: 'availabilityIvr',
  seats: 'availabilitySeats',
  telephony: 'availabilityTelephony',
};

/** Flattens the computed KPIs of a period into one set keyed by KPI name. */
export function toKpiSet(sources: KpiSources): KpiSet {
  const out: Partial<Record<KpiKey, KpiValue>> = {};
  const { voice, tickets } = sources;
  if (voice) {
    const { serviceLevels, ...rest } = voice;
    Object.assign(out, rest);
    for (const sl of serviceLevels) out[sl.key] = sl.kpi;
  }
  if (tickets) {
    const { channelResponse: _perChannel, ...rest } = tickets;
    Object.assign(out, rest);
  }
  if (sources.complianceDays) out.complianceDays = sources.complianceDays;
  if (sources.utilisation) out.utilisation = sources.utilisation;
  for (const [component, value] of Object.entries(sources.availability ?? {})) {
    if (value) out[AVAILABILITY_KEY[component as PlatformComponent]] = value;
  }
  return out;
}
