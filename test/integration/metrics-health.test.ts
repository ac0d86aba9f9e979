// GET /metrics (Prometheus text) and GET /healthz's controller and aggregator checks, over live
// state seeded in Redis the way the controllers write it (call records, agent states, probes),
// real BullMQ and the real aggregator.
import { BullmqEventPublisher, newEvent } from '@hotline/events';
import { RedisAgentStore, RedisCallStore, writePlatformProbe } from '@hotline/state';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_ADMIN_TOKEN, userToken } from '../support/api-users.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const UP = { telephony: true, ivr: true, queue: true, seats: true };
const CHECKS = { asterisk: true, stasisApp: true, redis: true, dispatcher: true, seatEndpoints: true };

/** `name{labels}` -> value, from the Prometheus text format. */
function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

describe('GET /metrics and the platform checks of /healthz', () => {
  let stack: Stack;
  let redis: Redis;
  let prefix: string;

  const scrape = async (token = stack.env.ADMIN_TOKEN!) => {
    const res = await fetch(`${stack.apiUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  const metrics = async () => {
    const r = await scrape();
    expect(r.status).toBe(200);
    return parseMetrics(r.text);
  };
  const health = () => stack.api<{ status: string; checks: Record<string, string> }>('/healthz');

  beforeAll(async () => {
    stack = await startStack({ services: ['kpi-aggregator', 'api'], asterisk: false, env: { HEALTH_MAX_EVENT_LAG_SEC: '2', ADMIN_TOKEN: E2E_ADMIN_TOKEN } });
    prefix = stack.env.REDIS_PREFIX!;
    redis = new Redis(REDIS_URL);

    // Three calls in the controllers' hands: one in the IVR, two waiting in 'general', one talking.
    const calls = new RedisCallStore(redis, prefix);
    const now = Date.now();
    await calls.save({ callId: 'c-ivr', step: 'ivr', arrivedAt: now });
    await calls.save({ callId: 'c-wait-1', step: 'queued', queueId: 'general', arrivedAt: now });
    await calls.save({ callId: 'c-wait-2', step: 'queued', queueId: 'general', arrivedAt: now });
    await calls.save({ callId: 'c-talk', step: 'talking', queueId: 'complaint', arrivedAt: now });
    // Agents: two ready, one on a break (the rest never signed in).
    const agents = new RedisAgentStore(redis, prefix);
    for (const id of ['a0001', 'a0002', 'a0003']) {
      expect((await agents.apply(id, { type: 'sign_in' })).ok).toBe(true);
    }
    for (const id of ['a0001', 'a0002']) expect((await agents.apply(id, { type: 'set_ready' })).ok).toBe(true);
    expect((await agents.apply('a0003', { type: 'start_break' })).ok).toBe(true);
    // One controller probing, with two failed handlers so far.
    await writePlatformProbe(redis, prefix, { instance: 'hotline@test:1', at: Date.now(), checks: CHECKS, up: UP, handlerFailures: 2 });
    // Events written by the aggregator, and a dead letter.
    const bus = new BullmqEventPublisher({ url: REDIS_URL }, prefix);
    await bus.publish(newEvent('ari-controller', { type: 'call.arrived', callId: 'c-ivr', caller: '13800000001', dialed: '12345', channelId: 'c-ivr' }));
    await bus.close();
    await waitFor(async () => ((await sql<{ n: number }>`select count(*)::int as n from call_events`.execute(stack.database.db)).rows[0]!.n === 1 ? true : undefined), 'the event written');
    await sql`insert into dead_letters (source, reason, payload) values ('job-1#0', 'malformed event: test', '{}')`.execute(stack.database.db);
  });
  afterAll(async () => {
    redis?.disconnect();
    await stack?.stop();
  });

  it('serves the Prometheus text format with the live figures', async () => {
    const r = await scrape();
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(r.text).toContain('# TYPE hotline_calls_waiting gauge');
    const m = parseMetrics(r.text);
    expect(m.get('hotline_calls_in_progress{step="ivr"}')).toBe(1);
    expect(m.get('hotline_calls_in_progress{step="queued"}')).toBe(2);
    expect(m.get('hotline_calls_in_progress{step="talking"}')).toBe(1);
    expect(m.get('hotline_calls_waiting{queue="general"}')).toBe(2);
    expect(m.get('hotline_calls_waiting{queue="complaint"}')).toBe(0);
    expect(m.get('hotline_agents{state="ready"}')).toBe(2);
    expect(m.get('hotline_agents{state="break"}')).toBe(1);
    expect(m.get('hotline_agents{state="signed_out"}')).toBe(2);
    expect(m.get('hotline_controllers')).toBe(1);
    expect(m.get('hotline_platform_up{component="ivr"}')).toBe(1);
    expect(m.get('hotline_controller_handler_failures{instance="hotline@test:1"}')).toBe(2);
    expect(m.get('hotline_event_bus_workers')).toBe(1);
    expect(m.get('hotline_event_bus_jobs{state="completed"}')).toBeGreaterThanOrEqual(1);
    expect(m.get('hotline_event_lag_seconds')).toBe(0);
    expect(m.get('hotline_event_last_written_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 120);
    expect(m.get('hotline_dead_letters')).toBe(1);
    for (const source of ['redis', 'event_bus', 'postgres']) expect(m.get(`hotline_metrics_source_up{source="${source}"}`)).toBe(1);
    expect(m.get('hotline_api_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts API responses by route and status, errors included', async () => {
    await stack.api('/calls/no-such-call');
    await stack.api('/calls?limit=abc');
    const m = await metrics();
    expect(m.get('hotline_http_responses_total{method="GET",route="/calls/:id",status="404"}')).toBe(1);
    expect(m.get('hotline_http_responses_total{method="GET",route="/calls",status="400"}')).toBe(1);
  });

  it('wants a supervisor or admin key', async () => {
    expect((await fetch(`${stack.apiUrl}/metrics`)).status).toBe(401);
    expect((await scrape(await userToken(stack, 'metrics-agent', 'agent'))).status).toBe(403);
    expect((await scrape(await userToken(stack, 'prometheus', 'supervisor'))).status).toBe(200);
  });

  it('healthz: controller and aggregator ok while a controller probes and events are written', async () => {
    const r = await health();
    expect(r.body.checks).toMatchObject({ postgres: 'ok', redis: 'ok', controller: 'ok', aggregator: 'ok' });
  });

  it('healthz and metrics: a controller reporting the IVR down, then none probing', async () => {
    await writePlatformProbe(redis, prefix, {
      instance: 'hotline@test:1',
      at: Date.now(),
      checks: { ...CHECKS, stasisApp: false },
      up: { ...UP, ivr: false, queue: false },
      handlerFailures: 2,
    });
    expect((await health()).body.checks.controller).toBe('down: hotline@test:1: stasisApp failing');
    expect((await metrics()).get('hotline_platform_up{component="ivr"}')).toBe(0);

    // Its last probe a minute old: it is not running.
    await writePlatformProbe(redis, prefix, { instance: 'hotline@test:1', at: Date.now() - 60_000, checks: CHECKS, up: UP, handlerFailures: 2 });
    expect((await health()).body.checks.controller).toMatch(/^down: no controller has probed/);
    expect((await metrics()).get('hotline_controllers')).toBe(0);
  });

  it('healthz and metrics: the aggregator stopped, events pile up and their lag grows', async () => {
    await stack.services.get('kpi-aggregator')!.stop();
    const bus = new BullmqEventPublisher({ url: REDIS_URL }, prefix);
    await bus.publish(newEvent('ari-controller', { type: 'call.ended', callId: 'c-ivr', cause: 'Normal Clearing' }));
    await bus.close();
    // BullMQ forgets a closed worker's connection at once; the lag passes HEALTH_MAX_EVENT_LAG_SEC=2 after 2 s.
    await new Promise((r) => setTimeout(r, 2500));
    const checks = (await health()).body.checks;
    expect(checks.aggregator).toMatch(/^down: no aggregator consuming call-events \(1 jobs waiting\)/);
    const m = await metrics();
    expect(m.get('hotline_event_bus_workers')).toBe(0);
    expect(m.get('hotline_event_bus_jobs{state="waiting"}')).toBe(1);
    expect(m.get('hotline_event_lag_seconds')).toBeGreaterThan(2);

    await stack.restart('kpi-aggregator');
    await waitFor(async () => ((await health()).body.checks.aggregator === 'ok' ? true : undefined), 'the aggregator to catch up', 20_000, 250);
    expect((await metrics()).get('hotline_event_lag_seconds')).toBe(0);
  });
});
