import type { Db } from '@hotline/db';
import type { Granularity, KpiSet, LocalDay, TicketCounters, VoiceCounters } from '@hotline/kpi';
import {
  EMPTY_TICKET_COUNTERS, PLATFORM_COMPONENTS, agentUtilisation, availability, availabilityOfMinutes, bucketStart, bucketsBetween, complianceDays, emptyVoiceCounters, localDayOf,
  localMonthOf, mergeCounters, mergeTicketCounters, ticketKpis, toKpiSet, voiceKpis,
} from '@hotline/kpi';
import { availabilityMinutesBy } from './availability-reader.js';
import type { KpiReadSettings } from './kpi-settings.js';
import { agentTimeBy, ticketCountersBy, voiceCountersBy, type RollupScope, type RollupStep } from './rollup-reader.js';

export interface KpiBucket {
  readonly start: number;
  readonly end: number;
  /** Every KPI by name (packages/kpi KpiSet), each with the counts behind it. */
  readonly kpis: KpiSet;
  /** Per local day of a month bucket: offered, answered, compliant (接通率月达标天数). */
  readonly days?: readonly { localDay: LocalDay; offered: number; answered: number; compliant: boolean }[];
}

// Availability is the platform's (controllers' minute samples), not a queue's or an agent's:
// a scoped report gives it as "no data" (null) rather than the platform figure under a queue's name.
const NO_AVAILABILITY_DATA = Object.fromEntries(PLATFORM_COMPONENTS.map((c) => [c, availability({ upMs: 0, totalMs: 0 })]));

/** The finest rollup step each granularity needs (a month also needs its days, for compliance). */
const STEP: Record<Granularity, RollupStep> = { '15m': '15m', hour: 'hour', day: 'day', month: 'day' };

export interface KpiQuery extends RollupScope {
  readonly from: number;
  readonly to: number;
  readonly granularity: Granularity;
}

/**
 * Every KPI of KPIS.md for each local bucket overlapping [from, to) (whole buckets), summed
 * from the 15-minute rollups with packages/kpi's formulas. Ticket KPIs are per site, so they
 * are left out when a queue or an agent is asked for.
 */
export async function kpiReport(db: Db, q: KpiQuery, settings: KpiReadSettings, now: number = Date.now()): Promise<KpiBucket[]> {
  const tz = settings.timeZone;
  const starts = bucketsBetween(q.from, q.to, q.granularity, tz);
  if (starts.length === 0) return [];
  const last = starts[starts.length - 1]!;
  const rangeEnd = nextStart(last, q.granularity, tz);
  const buckets = starts.map((start, i) => ({ start, end: starts[i + 1] ?? rangeEnd }));
  const scoped = q.queue !== undefined || q.agent !== undefined;
  const range = { from: buckets[0]!.start, to: rangeEnd, step: STEP[q.granularity], tz };
  const [voice, tickets, agentTimeSteps, platform] = await Promise.all([
    voiceCountersBy(db, range, q, settings.serviceLevelThresholdsMs),
    scoped ? Promise.resolve(new Map<number, TicketCounters>()) : ticketCountersBy(db, range),
    // Agent time is per agent, not per queue: a queue's utilisation is not defined.
    q.queue === undefined ? agentTimeBy(db, range, q.agent) : Promise.resolve(new Map<number, { signedInMs: number; breakMs: number }>()),
    scoped ? Promise.resolve(undefined) : availabilityMinutesBy(db, range, now),
  ]);
  const agentTime = new Map<number, { signedInMs: number; breakMs: number }>();
  for (const [t, a] of agentTimeSteps) {
    const b = bucketStart(t, q.granularity, tz);
    const prev = agentTime.get(b) ?? { signedInMs: 0, breakMs: 0 };
    agentTime.set(b, { signedInMs: prev.signedInMs + a.signedInMs, breakMs: prev.breakMs + a.breakMs });
  }

  const voiceBy = new Map<number, VoiceCounters>();
  const daily = new Map<LocalDay, { offered: number; answered: number }>();
  for (const [t, c] of voice) {
    const b = bucketStart(t, q.granularity, tz);
    voiceBy.set(b, mergeCounters(voiceBy.get(b) ?? emptyVoiceCounters(settings.serviceLevelThresholdsMs), c));
    if (q.granularity === 'month') {
      const day = localDayOf(t, tz);
      const d = daily.get(day) ?? { offered: 0, answered: 0 };
      daily.set(day, { offered: d.offered + c.offered, answered: d.answered + c.answered });
    }
  }
  const upBy = new Map<number, Record<string, number>>();
  for (const [t, up] of platform?.byStep ?? []) {
    const b = bucketStart(t, q.granularity, tz);
    const sum = upBy.get(b) ?? {};
    for (const c of PLATFORM_COMPONENTS) sum[c] = (sum[c] ?? 0) + (up[c] ?? 0);
    upBy.set(b, sum);
  }
  const ticketBy = new Map<number, TicketCounters>();
  for (const [t, c] of tickets) {
    const b = bucketStart(t, q.granularity, tz);
    ticketBy.set(b, mergeTicketCounters(ticketBy.get(b) ?? EMPTY_TICKET_COUNTERS, c));
  }

  return buckets.map(({ start, end }) => {
    const v = voiceBy.get(start) ?? emptyVoiceCounters(settings.serviceLevelThresholdsMs);
    const vk = voiceKpis(v, settings);
    const time = agentTime.get(start) ?? { signedInMs: 0, breakMs: 0 };
    const month = q.granularity === 'month' ? localMonthOf(start, tz) : undefined;
    const compliance = month
      ? complianceDays(month, new Map([...daily].filter(([d]) => d.startsWith(month))), settings.dailyAnswerRateTarget)
      : undefined;
    const kpis = toKpiSet({
      voice: { ...vk, satisfaction: settings.noAnswerCountsAsSatisfied ? vk.hangUpSatisfaction : vk.satisfaction },
      ...(!scoped && { tickets: ticketKpis(ticketBy.get(start) ?? EMPTY_TICKET_COUNTERS) }),
      ...(compliance && { complianceDays: compliance.kpi }),
      utilisation: agentUtilisation({ ...time, talkMs: v.talkMs, holdMs: v.holdMs, acwMs: v.acwMs }),
      availability: platform
        ? Object.fromEntries(
            Object.entries(availabilityOfMinutes(upBy.get(start) ?? {}, { from: start, to: end }, platform.measured)).map(([c, counters]) => [c, availability(counters)]),
          )
        : NO_AVAILABILITY_DATA,
    });
    return {
      start,
      end,
      kpis,
      ...(compliance && { days: compliance.days.map((d) => ({ localDay: d.localDay, offered: d.offered, answered: d.answered, compliant: d.compliant })) }),
    };
  });
}

function nextStart(start: number, granularity: Granularity, tz: string): number {
  // The bucket after `start`: the first bucket boundary past it (calendar-aware for days and months).
  const probe = { '15m': 15 * 60_000, hour: 3_600_000, day: 26 * 3_600_000, month: 32 * 86_400_000 }[granularity];
  return bucketStart(start + probe, granularity, tz);
}
