// The API benchmark's profiler: for each route of make bench-api, a fresh API process under
// `node --cpu-prof` (its own throwaway database with the bench's 500 calls), autocannon at
// CONNECTIONS connections for DURATION seconds, then the functions with the most self time.
//   npx tsx test/load/profile-api.ts [--duration 8] [--connections 20] [--top 25] [--dir DIR] [--route calls|agents|kpis|tickets]
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { REPO } from '../support/env.js';
import { startService } from '../support/services.js';
import { startStack } from '../support/stack.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '20' },
    top: { type: 'string', default: '25' },
    dir: { type: 'string', default: join(REPO, 'test-results', `api-profile-${new Date().toISOString().replace(/[:.]/g, '-')}`) },
    route: { type: 'string', multiple: true },
  },
});
const adminToken = `bench-admin-${Date.now()}-token`;
const day = new Date().toISOString().slice(0, 10);
const routes: Record<string, { path: string; method?: 'POST'; body?: string }> = {
  calls: { path: '/calls' },
  agents: { path: '/agents' },
  kpis: { path: `/kpis?from=${day}T00:00:00%2B08:00&to=${day}T23:59:59%2B08:00&granularity=day` },
  tickets: { path: '/tickets', method: 'POST', body: JSON.stringify({ source: 'web', request: 'street light out at the bus stop' }) },
};

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (name, file, line) as a share of all samples, biggest first. */
function selfTimes(profile: Profile): { share: number; where: string }[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  for (const id of profile.samples) {
    const f = byNode.get(id)!.callFrame;
    const file = f.url.replace(/^file:\/\//, '').replace(`${REPO}/`, '');
    const key = `${f.functionName || '(anonymous)'} ${file}${file ? `:${f.lineNumber + 1}` : ''}`;
    totals.set(key, (totals.get(key) ?? 0) + 1);
  }
  const all = profile.samples.length;
  return [...totals].map(([where, n]) => ({ share: n / all, where })).sort((a, b) => b.share - a.share);
}

const stack = await startStack({ asterisk: false, services: [], env: { ADMIN_TOKEN: adminToken, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info' } });
try {
  await sql`insert into calls (call_id, caller, dialed, arrived_at, ended_at)
    select 'bench-' || g, '1380000' || g, '12345', now() - g * interval '1 minute', now() - g * interval '1 minute' + interval '90 seconds'
      from generate_series(1, 500) g`.execute(stack.database.db);
  for (const name of values.route ?? Object.keys(routes)) {
    const route = routes[name];
    if (!route) throw new Error(`unknown route ${name} (${Object.keys(routes).join(', ')})`);
    const dir = join(values.dir, name);
    mkdirSync(dir, { recursive: true });
    const api = await startService('api', stack.env, 30_000, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    const r = await autocannon({
      url: stack.apiUrl + route.path,
      method: route.method ?? 'GET',
      connections: Number(values.connections),
      duration: Number(values.duration),
      headers: { authorization: `Bearer ${adminToken}`, ...(route.body ? { 'content-type': 'application/json' } : {}) },
      ...(route.body ? { body: route.body } : {}),
    });
    await api.stop();
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no profile written in ${dir}`);
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
    console.log(`\n## ${route.method ?? 'GET'} ${route.path}: ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx} (${join(dir, file)})`);
    for (const { share, where } of selfTimes(profile).slice(0, Number(values.top))) console.log(`${(100 * share).toFixed(1).padStart(5)} %  ${where}`);
  }
} finally {
  await stack.stop();
}
