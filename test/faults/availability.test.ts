// The platform measures its own availability (issue 8): a running controller writes a minute
// sample with every component up; Asterisk stopped shows as down minutes; a controller killed
// (kill -9) leaves minutes without a sample, which GET /kpis counts as down.
// Samples are per whole minute, so this test takes a few minutes of wall time.
import { execFileSync } from 'node:child_process';
import { measuredUntil } from '@hotline/kpi';
import { readPlatformProbes } from '@hotline/state';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_ADMIN_TOKEN, bearer } from '../support/api-users.js';
import { startAsterisk } from '../support/asterisk.js';
import { REPO } from '../support/env.js';
import { LOCK_WAIT_MS } from '../support/lock-wait.js';
import { startService } from '../support/services.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const MIN = 60_000;
/** A minute is reported by the first probe (every 15 s) after it ends; the first one after a start may take two minutes. */
const SAMPLE_WAIT_MS = 2 * MIN + 30_000;

interface Row {
  minute: Date;
  instance: string;
  telephony: boolean;
  ivr: boolean;
  queue: boolean;
  seats: boolean;
}
type Kpi = { value: number | null; numerator: number; denominator: number };

describe('platform availability: samples from a running controller, down minutes when Asterisk or the controller stops', () => {
  let stack: Stack;
  let redis: Redis;
  const rows = async () =>
    (await sql<Row>`select minute, instance, telephony, ivr, queue, seats from platform_availability order by minute, instance`.execute(stack.database.db)).rows;
  const allUp = (r: Row) => r.telephony && r.ivr && r.queue && r.seats;

  beforeAll(async () => {
    stack = await startStack({ env: { ADMIN_TOKEN: E2E_ADMIN_TOKEN } });
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0');
  }, LOCK_WAIT_MS);
  afterAll(async () => {
    redis?.disconnect();
    startAsterisk(stack?.env); // whatever happened above, leave Asterisk running for the next test file
    await stack?.stop();
  });

  it('writes up minutes, none for the minute the controller was killed in, then down minutes while Asterisk is stopped', async () => {
    // 1. Running: a whole minute with every component up, and the latest probe in Redis.
    const firstUp = await waitFor(async () => (await rows()).find(allUp), 'a minute sample with everything up', SAMPLE_WAIT_MS, 1000);
    const firstInstance = firstUp.instance;
    const probes = await readPlatformProbes(redis, stack.env.REDIS_PREFIX!);
    expect(probes.map((p) => [p.instance, p.up])).toEqual([[firstInstance, { telephony: true, ivr: true, queue: true, seats: true }]]);

    // 2. The controller killed (kill -9) and a new one started; then Asterisk stopped under it.
    await stack.services.get('ari-controller')!.stop('SIGKILL');
    const killedAt = Date.now();
    stack.services.set('ari-controller', await startService('ari-controller', stack.env));
    const restartedAt = Date.now();
    execFileSync('bash', ['scripts/asterisk.sh', 'stop'], { cwd: REPO, stdio: 'ignore' });
    const stoppedAt = Date.now();

    // 3. The new controller keeps reporting without Asterisk, every component down.
    const down = await waitFor(
      async () => (await rows()).find((r) => r.instance !== firstInstance && r.minute.getTime() >= stoppedAt),
      'a minute sample from the restarted controller after Asterisk stopped',
      SAMPLE_WAIT_MS,
      1000,
    );
    expect(down).toMatchObject({ telephony: false, ivr: false, queue: false, seats: false });
    const probesDown = await readPlatformProbes(redis, stack.env.REDIS_PREFIX!);
    expect(probesDown.find((p) => p.instance === down.instance)?.checks).toMatchObject({ asterisk: false, stasisApp: false, redis: true });

    // Nobody reported the minutes from the kill to the restart (the new process skips the minute it started in).
    const all = await rows();
    const reported = new Set(all.map((r) => r.minute.getTime()));
    const floorMin = (t: number) => t - (t % MIN);
    for (let m = floorMin(killedAt); m <= floorMin(restartedAt); m += MIN) expect(reported.has(m), new Date(m).toISOString()).toBe(false);

    // 4. GET /kpis: up minutes over every minute since the first sample (a minute without a sample is down),
    // read once the down minute is inside the measured period (the last two minutes are not yet).
    const downEnd = down.minute.getTime() + MIN;
    await waitFor(async () => (measuredUntil(Date.now()) >= downEnd ? true : undefined), 'the down minute measured', 2 * MIN + 5000, 1000);
    const kpis = await waitFor(async () => {
      const before = measuredUntil(Date.now());
      const r = await stack.api<{ buckets: { kpis: Record<string, Kpi> }[] }>(
        `/kpis?from=${encodeURIComponent(new Date(all[0]!.minute.getTime() - 3_600_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + MIN).toISOString())}&granularity=month`,
        { headers: bearer(E2E_ADMIN_TOKEN) },
      );
      // Ask again if the minute turned during the request (the measured end moved under us).
      return measuredUntil(Date.now()) === before && r.status === 200 ? { end: before, k: r.body.buckets.at(-1)!.kpis } : undefined;
    }, 'a KPI read within one minute');
    expect(kpis.end).toBeGreaterThanOrEqual(downEnd);
    const first = all[0]!.minute.getTime();
    const measured = (await rows()).filter((r) => r.minute.getTime() < kpis.end);
    const upMinutes = (c: keyof Row) => new Set(measured.filter((r) => r[c] === true).map((r) => r.minute.getTime())).size;
    for (const [kpi, component] of [['availabilityIvr', 'ivr'], ['availabilityQueue', 'queue'], ['availabilitySeats', 'seats'], ['availabilityTelephony', 'telephony']] as const) {
      expect(kpis.k[kpi], kpi).toMatchObject({ numerator: upMinutes(component) * MIN, denominator: kpis.end - first });
    }
    const ivr = kpis.k.availabilityIvr!;
    const downMinutes = (ivr.denominator - ivr.numerator) / MIN;
    // at least: the minute of the kill, and one sampled down minute while Asterisk was stopped
    expect(downMinutes).toBeGreaterThanOrEqual(2);
    expect(ivr.value).toBeLessThan(1);
    expect(ivr.value).toBeGreaterThan(0);
  }, 10 * MIN);
});
