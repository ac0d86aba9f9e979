import { describe, expect, it } from 'vitest';
import { runLoad } from '../load/kit.js';

// The load-test kit itself (test/load/), tiny: 6 calls at 3/s on 5 seats against the
// controller and the app_queue baseline. The real load runs are `make load` / `make load-compare`.
describe('load-test kit (smoke)', () => {
  it('runs both targets and reports sane numbers', async () => {
    const report = await runLoad({
      targets: ['controller', 'baseline'],
      cps: 3,
      calls: 6,
      seats: 5,
      talkMs: 800,
      answerMs: 500,
      ivrMs: 1000,
      surveyEveryMs: 1000,
      abandonShare: 0,
      quiet: true,
      out: 'test-results/load-smoke.json',
    });
    expect(report.results.map((r) => r.target)).toEqual(['controller', 'baseline']);
    for (const r of report.results) {
      expect(r, JSON.stringify(r)).toMatchObject({ attempted: 6, completed: 6, failed: 0, answered: 6, abandoned: 0 });
      expect(r.offeredCps).toBeGreaterThan(1.5); // six calls: the 250 ms sampling makes this coarse
      expect(r.offeredCps).toBeLessThan(8);
      expect(r.peakConcurrency).toBeGreaterThan(0);
      expect(r.callerWaitMs.count).toBe(6);
      expect(r.cpuSeconds.asterisk).toBeGreaterThan(0);
      expect(r.cpuSeconds['stolen by the host']).toBeGreaterThanOrEqual(0);
    }
    const c = report.results[0]!;
    expect(c.stasisToFirstActionMs?.count).toBe(6);
    expect(c.freeToOfferedMs?.count).toBe(6); // every first offer, also those made before call.queued was published
    expect(c.eventToPostgresMs?.count).toBeGreaterThan(30);
    expect(c.eventToPostgresMs?.p99).toBeLessThan(5000);
    expect(c.callerWaitMs.p50).toBeGreaterThan(300); // the agent answers after ~500 ms
    expect(report.ratios?.completedCps).toBeGreaterThan(0.5);
  });
});
