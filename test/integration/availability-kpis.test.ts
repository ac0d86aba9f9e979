// Platform availability KPIs from the controllers' minute samples: platform.availability events
// through BullMQ and the aggregator into Postgres, read back by GET /kpis (month and day buckets).
import { BullmqEventPublisher, newEvent, type HotlineEvent } from '@hotline/events';
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_ADMIN_TOKEN, bearer } from '../support/api-users.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const TZ = 'Asia/Shanghai';
const MIN = 60_000;
type Up = { telephony: boolean; ivr: boolean; queue: boolean; seats: boolean };
type Kpi = { value: number | null; numerator: number; denominator: number };
const ALL_UP: Up = { telephony: true, ivr: true, queue: true, seats: true };

describe('availability KPIs from minute samples', () => {
  let stack: Stack;
  // The last six local hours of the previous month: the platform was commissioned then (its first sample).
  const month = DateTime.now().setZone(TZ).minus({ months: 1 }).startOf('month');
  const monthEnd = month.plus({ months: 1 });
  const first = monthEnd.minus({ hours: 6 }).toMillis();
  const MINUTES = 360;
  const events: HotlineEvent[] = [];
  const sample = (instance: string, i: number, up: Up) =>
    newEvent('ari-controller', { type: 'platform.availability', instance, minute: new Date(first + i * MIN).toISOString(), up, probes: 4 });

  beforeAll(async () => {
    stack = await startStack({ services: ['kpi-aggregator', 'api'], asterisk: false, env: { SITE_TZ: TZ, ADMIN_TOKEN: E2E_ADMIN_TOKEN } });
    for (let i = 0; i < MINUTES; i++) {
      if (i >= 200 && i < 210) continue; // controller A dead for 10 minutes: no sample at all
      // minutes 100-129: A's websocket down (IVR and queue down); 150-159: Redis down (queue and seats down)
      const up = i >= 100 && i < 130 ? { ...ALL_UP, ivr: false, queue: false } : i >= 150 && i < 160 ? { ...ALL_UP, queue: false, seats: false } : ALL_UP;
      events.push(sample('hotline@a:1', i, up));
    }
    // A second controller up for 5 of A's IVR-down minutes: callers were served, so those count up.
    for (let i = 120; i < 125; i++) events.push(sample('hotline@b:2', i, ALL_UP));
    // Redelivered and repeated samples change nothing.
    events.push(events[0]!, { ...sample('hotline@a:1', 5, ALL_UP) });
    const bus = new BullmqEventPublisher({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0' }, stack.env.REDIS_PREFIX!);
    await Promise.all(events.map((e) => bus.publish(e)));
    await bus.close();
    await waitFor(async () => {
      const { rows } = await sql<{ n: string }>`select count(*) as n from platform_availability`.execute(stack.database.db);
      return Number(rows[0]!.n) === MINUTES - 10 + 5 ? true : undefined;
    }, 'the samples in Postgres', 60_000, 250);
  }, 120_000);
  afterAll(async () => stack?.stop());

  const kpis = async (from: DateTime, to: DateTime, granularity: string) => {
    const r = await stack.api<{ buckets: { start: string; kpis: Record<string, Kpi> }[] }>(
      `/kpis?from=${encodeURIComponent(from.toISO()!)}&to=${encodeURIComponent(to.toISO()!)}&granularity=${granularity}`,
      { headers: bearer(E2E_ADMIN_TOKEN) },
    );
    expect(r.status).toBe(200);
    return r.body.buckets;
  };

  it('the month: up minutes (any controller) over the minutes since the first sample; missing minutes are down', async () => {
    const [m] = await kpis(month, monthEnd, 'month');
    const due = MINUTES * MIN;
    // IVR: 30 down on A, 5 of them covered by B, 10 without a sample.
    expect(m!.kpis.availabilityIvr).toMatchObject({ numerator: (MINUTES - 25 - 10) * MIN, denominator: due });
    expect(m!.kpis.availabilityQueue).toMatchObject({ numerator: (MINUTES - 25 - 10 - 10) * MIN, denominator: due });
    expect(m!.kpis.availabilitySeats).toMatchObject({ numerator: (MINUTES - 10 - 10) * MIN, denominator: due });
    expect(m!.kpis.availabilityTelephony).toMatchObject({ numerator: (MINUTES - 10) * MIN, denominator: due });
    expect(m!.kpis.availabilityIvr!.value).toBeCloseTo(325 / 360, 10);
  });

  it('day buckets: the commissioning day has the six hours, the days before have no data', async () => {
    const days = await kpis(monthEnd.minus({ days: 2 }), monthEnd, 'day');
    expect(days.map((d) => d.kpis.availabilityTelephony?.denominator)).toEqual([0, MINUTES * MIN]);
    expect(days[0]!.kpis.availabilityTelephony!.value).toBeNull();
  });

  it('after the last sample every minute is down (nothing reported since: the controllers are gone)', async () => {
    const before = DateTime.now().setZone(TZ);
    const [m] = await kpis(monthEnd, before, 'month');
    const after = Date.now();
    const k = m!.kpis.availabilityQueue!;
    expect(k.numerator).toBe(0);
    // measured up to the minute before the current one (the request may straddle a minute)
    const due = (now: number) => Math.floor((now - monthEnd.toMillis()) / MIN) * MIN - MIN;
    expect(k.denominator).toBeGreaterThanOrEqual(due(before.toMillis()));
    expect(k.denominator).toBeLessThanOrEqual(due(after));
  });

  it('a queue-scoped report does not pass the platform figure off as the queue\'s', async () => {
    const r = await stack.api<{ buckets: { kpis: Record<string, Kpi> }[] }>(
      `/kpis?from=${encodeURIComponent(month.toISO()!)}&to=${encodeURIComponent(monthEnd.toISO()!)}&granularity=month&queue=general`,
      { headers: bearer(E2E_ADMIN_TOKEN) },
    );
    expect(r.body.buckets[0]!.kpis.availabilityQueue).toMatchObject({ value: null, denominator: 0 });
  });

  it('the Changsha scorecard scores the month from them', async () => {
    const r = await stack.api<{ items: { itemId: string; value: number | null; points: number }[] }>(`/scorecards/changsha-12345/${month.toFormat('yyyy-MM')}`, {
      headers: bearer(E2E_ADMIN_TOKEN),
    });
    expect(r.status).toBe(200);
    const ivr = r.body.items.find((i) => i.itemId === 'ivr-availability')!;
    expect(ivr.value).toBeCloseTo(325 / 360, 10);
    // 90.28 % against 99.5 %: 9.22 points below at -0.2 each is more than the item's 1 point
    expect(ivr.points).toBe(0);
    const seats = r.body.items.find((i) => i.itemId === 'seat-availability')!;
    expect(seats.value).toBeCloseTo(340 / 360, 10);
  });
});
