// Issue 5, done-when 2 and 4: generated traffic (5 % duplicated, 5 % shuffled) through real
// BullMQ into real Postgres; GET /kpis equals packages/kpi applied directly to the generator's
// ground truth; every preset scores the month and a point traces to its calls.
import { EVENTS_QUEUE, type HotlineEvent } from '@hotline/events';
import {
  PRESET_IDS, bucketStart, complianceDays, countersOf, emptyVoiceCounters, loadPreset, localDayOf, mergeCounters,
  resolveVoiceSettings, rollupKeyOf, sumTicketCounters, ticketCountersOf, ticketKpis, voiceKpis, type CallFact, type VoiceCounters,
} from '@hotline/kpi';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTraffic, type GeneratedTraffic } from '../bench/event-generator.js';
import { E2E_ADMIN_TOKEN, bearer } from '../support/api-users.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const TZ = 'Asia/Shanghai';
const MONTH = '2026-10';
const MONTH_START = Date.UTC(2026, 8, 30, 16); // 2026-10-01 00:00 in Shanghai
const MONTH_END = Date.UTC(2026, 9, 31, 16);
const settings = resolveVoiceSettings({ timeZone: TZ });

interface KpiValue { value: number | null; numerator: number; denominator: number; unit: string }
interface Bucket { start: string; end: string; kpis: Record<string, KpiValue>; days?: { localDay: string; compliant: boolean }[] }

/** 5 % of the events twice (a new job id, as a producer retry would), 5 % moved to a random later place. */
function deliveryOrder(events: readonly HotlineEvent[], seed: number): { event: HotlineEvent; jobId: string }[] {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const out = events.map((event) => ({ event, jobId: event.eventId }));
  for (const event of events) if (rnd() < 0.05) out.push({ event, jobId: `${event.eventId}-dup` });
  for (let i = 0; i < out.length; i++) {
    if (rnd() >= 0.05) continue;
    const j = Math.floor(rnd() * out.length);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function countersBy(calls: readonly CallFact[], bucketOf: (c: CallFact) => number): Map<number, VoiceCounters> {
  const out = new Map<number, VoiceCounters>();
  for (const c of calls) {
    const b = bucketOf(c);
    out.set(b, mergeCounters(out.get(b) ?? emptyVoiceCounters(settings.serviceLevelThresholdsMs), countersOf(c, settings)));
  }
  return out;
}

/** The voice KPIs as GET /kpis names them (packages/kpi toKpiSet names). */
function expectedVoice(c: VoiceCounters): Record<string, unknown> {
  const { serviceLevels, ...rest } = voiceKpis(c, settings);
  return { ...rest, ...Object.fromEntries(serviceLevels.map((s) => [s.key, s.kpi])) };
}

describe('KPIs from generated traffic through BullMQ and Postgres', () => {
  let stack: Stack;
  /** As the admin (KPIs and scorecards name their roles). */
  const api = <T = unknown>(path: string, init: RequestInit = {}) =>
    stack.api<T>(path, { ...init, headers: { ...bearer(E2E_ADMIN_TOKEN), ...(init.headers as Record<string, string> | undefined) } });
  let traffic: GeneratedTraffic;
  let unique: number;

  beforeAll(async () => {
    stack = await startStack({ services: ['kpi-aggregator', 'api'], asterisk: false, env: { SITE_TZ: TZ, ADMIN_TOKEN: E2E_ADMIN_TOKEN } });
    traffic = generateTraffic({ from: MONTH_START, spanMs: MONTH_END - MONTH_START, agents: 8, callsPerAgent: 40, queues: ['q-general', 'q-traffic'], tickets: 60, seed: 5 });
    unique = traffic.events.length;
    const queue = new Queue(EVENTS_QUEUE, { connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0' }, prefix: stack.env.REDIS_PREFIX! });
    const jobs = deliveryOrder(traffic.events, 7).map(({ event, jobId }) => ({ name: event.type, data: event, opts: { jobId } }));
    for (let i = 0; i < jobs.length; i += 1000) await queue.addBulk(jobs.slice(i, i + 1000));
    await waitFor(async () => {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
      return (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0) === 0 ? counts : undefined;
    }, 'the queue to drain', 120_000, 250);
    await queue.close();
  }, 180_000);
  afterAll(async () => stack?.stop());

  it('stores every event once, whatever the duplicates', async () => {
    expect(unique).toBeGreaterThan(3000);
    const { n } = await stack.database.db.selectFrom('call_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(unique);
  });

  it('gives each local day the KPIs of the ground truth', async () => {
    const { status, body } = await api<{ buckets: Bucket[] }>(`/kpis?from=${new Date(MONTH_START).toISOString()}&to=${new Date(MONTH_END).toISOString()}&granularity=day`);
    expect(status).toBe(200);
    expect(body.buckets).toHaveLength(31);
    const truth = countersBy(traffic.calls, (c) => bucketStart(rollupKeyOf(c, TZ).intervalStart, 'day', TZ));
    for (const b of body.buckets) {
      const expected = expectedVoice(truth.get(Date.parse(b.start)) ?? emptyVoiceCounters(settings.serviceLevelThresholdsMs));
      expect({ day: b.start, ...pick(b.kpis, Object.keys(expected)) }).toEqual({ day: b.start, ...expected });
    }
  });

  it('gives the month per queue and per agent, the ticket KPIs and compliance days of the ground truth', async () => {
    const range = `from=${new Date(MONTH_START).toISOString()}&to=${new Date(MONTH_END).toISOString()}&granularity=month`;
    const all = (await api<{ buckets: Bucket[] }>(`/kpis?${range}`)).body.buckets;
    expect(all).toHaveLength(1);
    const month = all[0]!;
    const truth = countersBy(traffic.calls, () => MONTH_START).get(MONTH_START)!;
    expect(pick(month.kpis, Object.keys(expectedVoice(truth)))).toEqual(expectedVoice(truth));

    const { channelResponse: _perChannel, ...tickets } = ticketKpis(sumTicketCounters(traffic.tickets.map((t) => ticketCountersOf(t))));
    expect(pick(month.kpis, Object.keys(tickets))).toEqual(tickets);

    const daily = new Map<string, { offered: number; answered: number }>();
    for (const [day, c] of countersBy(traffic.calls, (c) => bucketStart(rollupKeyOf(c, TZ).intervalStart, 'day', TZ))) {
      daily.set(localDayOf(day, TZ), { offered: c.offered, answered: c.answered });
    }
    expect(month.kpis.complianceDays).toEqual(complianceDays(MONTH, daily, 0.95).kpi);

    const q = (await api<{ buckets: Bucket[] }>(`/kpis?${range}&queue=q-traffic`)).body.buckets[0]!;
    const qTruth = countersBy(traffic.calls.filter((c) => c.queueId === 'q-traffic'), () => 0).get(0)!;
    expect(pick(q.kpis, Object.keys(expectedVoice(qTruth)))).toEqual(expectedVoice(qTruth));
    expect(q.kpis.fcr).toBeUndefined();

    const a = (await api<{ buckets: Bucket[] }>(`/kpis?${range}&agent=agent0003`)).body.buckets[0]!;
    const aTruth = countersBy(traffic.calls.filter((c) => c.agentId === 'agent0003'), () => 0).get(0)!;
    expect(pick(a.kpis, Object.keys(expectedVoice(aTruth)))).toEqual(expectedVoice(aTruth));
  });

  /** Utilisation's busy and working time summed over two months (an agent's last wrap-up may end after the month). */
  async function utilisationOver(scope: string): Promise<{ busy: number; working: number }> {
    const to = new Date(MONTH_END + 40 * 86_400_000).toISOString();
    const { body } = await api<{ buckets: Bucket[] }>(`/kpis?from=${new Date(MONTH_START).toISOString()}&to=${to}&granularity=month${scope}`);
    const sum = (k: 'numerator' | 'denominator') => body.buckets.reduce((s, b) => s + b.kpis.utilisation![k], 0);
    return { busy: sum('numerator'), working: sum('denominator') };
  }
  /** Signed in from an agent's first change to its last one (the last "ready" is still open: not counted); no breaks. */
  const signedInMsOf = (agentId: string): number => {
    const changes = traffic.events.filter((e) => e.type === 'agent.state_changed' && e.agentId === agentId).map((e) => Date.parse(e.at));
    return Math.max(...changes) - Math.min(...changes);
  };
  const busyMsOf = (calls: readonly CallFact[]): number => calls.reduce((s, c) => s + c.talkMs + c.holdMs + c.acwMs, 0);

  it('gives an agent\'s utilisation from the state intervals (closed ones) and the calls handled', async () => {
    const agentId = 'agent0003';
    expect(await utilisationOver(`&agent=${agentId}`)).toEqual({ busy: busyMsOf(traffic.calls.filter((c) => c.agentId === agentId)), working: signedInMsOf(agentId) });
  });

  it('gives the site\'s utilisation from all agents\' time and every call handled', async () => {
    const agents = new Set(traffic.calls.flatMap((c) => (c.agentId ? [c.agentId] : [])));
    const working = [...agents].reduce((s, a) => s + signedInMsOf(a), 0);
    expect(await utilisationOver('')).toEqual({ busy: busyMsOf(traffic.calls), working });
  });

  it('wants a key for KPIs and scorecards', async () => {
    const anonymous = { anonymous: true };
    expect((await stack.api(`/kpis?from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z`, {}, anonymous)).status).toBe(401);
    expect((await stack.api(`/scorecards/zhengzhou-12328/${MONTH}`, {}, anonymous)).status).toBe(401);
    const post = await stack.api(`/scorecards/zhengzhou-12328/${MONTH}/adjustments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, anonymous);
    expect(post.status).toBe(401);
  });

  it('streams the live view over SSE to a key in the query (the wallboard\'s EventSource), not to anonymous callers', async () => {
    expect((await stack.api('/realtime/snapshot', {}, { anonymous: true })).status).toBe(401);
    expect((await fetch(`${stack.apiUrl}/realtime`)).status).toBe(401);
    const snap = await stack.api<{ queues: unknown[]; today: { arrived: number }; agents: Record<string, number> }>('/realtime/snapshot');
    expect(snap.status).toBe(200);
    // Every generated agent ended its day "ready" (the aggregator's live:agents hash).
    expect(snap.body.agents).toEqual({ ready: 8 });
    const res = await fetch(`${stack.apiUrl}/realtime?access_token=${E2E_ADMIN_TOKEN}`);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: snapshot')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const html = await (await fetch(`${stack.apiUrl}/wallboard`)).text();
    expect(html).toContain('data-kpi="arrived"');
  });

  it('answers bad queries with 400 and the reason', async () => {
    const bad = await api<{ message: string }>('/kpis?from=2026-10-02T00:00:00Z&to=2026-10-01T00:00:00Z');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/"from" must be before "to"/);
    const both = await api<{ message: string }>('/kpis?from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z&queue=a&agent=b');
    expect(both.status).toBe(400);
    expect((await api('/kpis?from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z&granularity=week')).status).toBe(400);
  });

  it('scores the month with every preset', async () => {
    for (const id of PRESET_IDS) {
      const { status, body } = await api<{ total: number; items: { itemId: string; value: number | null; points: number; rule: string }[] }>(`/scorecards/${id}/${MONTH}`);
      expect(status, id).toBe(200);
      expect(body.items.map((i) => i.itemId)).toEqual(loadPreset(id).items.map((i) => i.id));
      expect(body.total).toBeCloseTo(body.items.reduce((s, i) => s + i.points, 0), 6);
      for (const i of body.items) expect(typeof i.rule).toBe('string');
    }
    expect((await api(`/scorecards/nowhere-12345/${MONTH}`)).status).toBe(404);
    expect((await api(`/scorecards/zhengzhou-12328/2026-13`)).status).toBe(400);
  });

  it('traces the answer-rate and 15 s points to the calls behind them', async () => {
    const offered = traffic.calls.filter((c) => c.queuedAt != null);
    const unanswered = offered.filter((c) => c.answeredAt == null).map((c) => c.callId).sort();
    const late15 = offered.filter((c) => c.answeredAt == null || c.answeredAt - c.queuedAt! > 15_000).map((c) => c.callId).sort();
    const card = (await api<{ items: { itemId: string; value: number; points: number }[] }>(`/scorecards/zhengzhou-12328/${MONTH}`)).body;
    const answerItem = card.items.find((i) => i.itemId === 'answer-rate')!;
    expect(answerItem.value).toBeCloseTo((offered.length - unanswered.length) / offered.length, 12);

    type Evidence = { evidence: { total: number; rows: { callId: string }[] }[] };
    const ev = (await api<Evidence>(`/scorecards/zhengzhou-12328/${MONTH}/items/answer-rate/evidence?limit=1000`)).body.evidence[0]!;
    expect(ev.total).toBe(unanswered.length);
    expect(ev.rows.map((r) => r.callId).sort()).toEqual(unanswered);
    const ev15 = (await api<Evidence>(`/scorecards/zhengzhou-12328/${MONTH}/items/answer-rate-15s/evidence?limit=1000`)).body.evidence[0]!;
    expect(ev15.total).toBe(late15.length);
    expect(ev15.rows.map((r) => r.callId).sort()).toEqual(late15);
  });

  it('applies a supervisor adjustment to a manual item and refuses one on a computed item', async () => {
    const before = (await api<{ items: { itemId: string; points: number }[] }>(`/scorecards/zhengzhou-12328/${MONTH}`)).body;
    const post = (body: object) => api(`/scorecards/zhengzhou-12328/${MONTH}/adjustments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ itemId: 'appearance', points: -0.2, reason: 'uniform not worn, 10-08', author: 'supervisor-li' })).status).toBe(201);
    expect((await post({ itemId: 'answer-rate', points: 1, reason: 'x', author: 'y' })).status).toBe(400);
    expect((await post({ itemId: 'appearance', points: -0.2, reason: '', author: 'y' })).status).toBe(400);
    const after = (await api<{ total: number; items: { itemId: string; points: number }[] }>(`/scorecards/zhengzhou-12328/${MONTH}`)).body;
    const points = (c: typeof before, id: string) => c.items.find((i) => i.itemId === id)!.points;
    expect(points(after, 'appearance')).toBeCloseTo(points(before, 'appearance') - 0.2, 10);
    const ev = (await api<{ adjustments: { reason: string; author: string }[] }>(`/scorecards/zhengzhou-12328/${MONTH}/items/appearance/evidence`)).body;
    expect(ev.adjustments).toMatchObject([{ reason: 'uniform not worn, 10-08', author: 'supervisor-li' }]);
  });
});

function pick<T>(o: Record<string, T>, keys: readonly string[]): Record<string, T> {
  return Object.fromEntries(keys.map((k) => [k, o[k]!]));
}
