// make bench-api: autocannon against the API (its own throwaway database and Redis prefix,
// no Asterisk needed) next to a Fastify hello-world on the same machine, each route for
// DURATION seconds at CONNECTIONS connections, then once more at a fixed 2,000 requests/s.
// autocannon's fixed rate sends each connection's share of a second back to back at the start
// of the second (bursts of 2,000): a third row per route sends the same rate evenly paced (one
// request every 0.5 ms, latency counted from when it was due), the arrival the p99 target means.
//   npx tsx test/load/bench-api.ts [--duration 10] [--connections 20] [--rate 2000] [--out FILE] [--only TEXT]
// --only (repeatable) keeps the routes whose name contains TEXT, besides hello-world.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { REPO } from '../support/env.js';
import { startStack } from '../support/stack.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    rate: { type: 'string', default: '2000' },
    out: { type: 'string' },
    only: { type: 'string', multiple: true },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const rate = Number(values.rate);
const adminToken = process.env.ADMIN_TOKEN ?? `bench-admin-${Date.now()}-token`;

interface Case {
  name: string;
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  auth?: boolean;
}

interface Result {
  name: string;
  mode: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function cannon(c: Case, fixedRate?: number): Promise<Result> {
  const r = await autocannon({
    url: c.url,
    method: c.method ?? 'GET',
    connections: fixedRate ? Math.max(connections, 50) : connections,
    duration,
    ...(fixedRate ? { overallRate: fixedRate } : {}),
    headers: {
      ...(c.body ? { 'content-type': 'application/json' } : {}),
      ...(c.auth ? { authorization: `Bearer ${adminToken}` } : {}),
    },
    ...(c.body ? { body: c.body } : {}),
  });
  return {
    name: c.name,
    mode: fixedRate ? `${fixedRate}/s` : `max, ${connections} conn.`,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

/**
 * `rate` requests/s for `duration` s, each sent when due (not when a connection is free). A
 * route that falls a second behind (more than `rate` requests unanswered) is not sent the rest:
 * they count as errors, and the latencies are those of the requests sent.
 */
async function paced(c: Case, fixedRate: number): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(c.url);
  const headers = {
    ...(c.body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(c.body)) } : {}),
    ...(c.auth ? { authorization: `Bearer ${adminToken}` } : {}),
  };
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: c.method ?? 'GET', headers, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - due);
          if (res.statusCode === undefined || res.statusCode >= 300) non2xx++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(c.body);
    });
  const total = fixedRate * duration;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * fixedRate) / 1000));
      for (; sent < due; sent++) pending.push(send(start + (sent * 1000) / fixedRate));
      if (sent < total && sent - latencies.length - errors <= fixedRate) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  await Promise.all(pending);
  errors += total - sent;
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { name: c.name, mode: `${fixedRate}/s paced`, rps: Math.round(latencies.length / elapsed), p50: at(0.5), p99: at(0.99), errors, non2xx };
}

const hello = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'test/load/hello-fastify.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
const helloPort = await new Promise<number>((resolve) => hello.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
const stack = await startStack({ asterisk: false, services: ['api'], env: { ADMIN_TOKEN: adminToken, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info' } });
const results: Result[] = [];
try {
  // Some calls for GET /calls to return (one page, the default limit).
  await sql`insert into calls (call_id, caller, dialed, arrived_at, ended_at)
    select 'bench-' || g, '1380000' || g, '12345', now() - g * interval '1 minute', now() - g * interval '1 minute' + interval '90 seconds'
      from generate_series(1, 500) g`.execute(stack.database.db);
  const day = new Date().toISOString().slice(0, 10);
  const cases: Case[] = [
    { name: 'hello-world (Fastify, same machine)', url: `http://127.0.0.1:${helloPort}/` },
    { name: 'GET /calls', url: `${stack.apiUrl}/calls`, auth: true },
    { name: 'GET /agents', url: `${stack.apiUrl}/agents`, auth: true },
    { name: 'GET /kpis (day)', url: `${stack.apiUrl}/kpis?from=${day}T00:00:00%2B08:00&to=${day}T23:59:59%2B08:00&granularity=day`, auth: true },
    {
      name: 'POST /tickets (create)',
      url: `${stack.apiUrl}/tickets`,
      method: 'POST',
      auth: true,
      body: JSON.stringify({ source: 'web', request: 'street light out at the bus stop' }),
    },
  ];
  const only = values.only;
  for (const c of cases.filter((c) => !only || c.name.startsWith('hello') || only.some((o) => c.name.includes(o)))) {
    const probe = await fetch(c.url, {
      method: c.method ?? 'GET',
      headers: { ...(c.body ? { 'content-type': 'application/json' } : {}), ...(c.auth ? { authorization: `Bearer ${adminToken}` } : {}) },
      ...(c.body ? { body: c.body } : {}),
    });
    if (probe.status >= 300) {
      process.stderr.write(`[bench-api] ${c.name}: ${probe.status} ${(await probe.text()).slice(0, 200)}; skipped\n`);
      continue;
    }
    for (const run of [() => cannon(c), () => cannon(c, rate), () => paced(c, rate)]) {
      const r = await run();
      results.push(r);
      process.stderr.write(`[bench-api] ${r.name} (${r.mode}): ${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}\n`);
    }
  }
} finally {
  await stack.stop();
  hello.kill('SIGTERM');
}
const helloMax = results.find((r) => r.name.startsWith('hello') && r.mode.startsWith('max'))?.rps ?? 0;
const report = {
  date: new Date().toISOString(),
  machine: { cores: cpus().length, memGb: Math.round(totalmem() / 2 ** 30) },
  options: { duration, connections, rate },
  results: results.map((r) => ({ ...r, ratioToHello: r.mode.startsWith('max') && helloMax ? Math.round((100 * r.rps) / helloMax) / 100 : null })),
};
const out = values.out ?? join(REPO, 'test-results', `bench-api-${report.date.replace(/[:.]/g, '-')}.json`);
mkdirSync(join(out, '..'), { recursive: true });
writeFileSync(out, JSON.stringify(report, null, 2));
console.log(`\n${report.date} — ${report.machine.cores} cores; autocannon ${duration} s per row\n`);
console.log('| route | load | req/s | p50 ms | p99 ms | errors / non-2xx | req/s vs hello-world |');
console.log('|---|---|---|---|---|---|---|');
for (const r of report.results) console.log(`| ${r.name} | ${r.mode} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} / ${r.non2xx} | ${r.ratioToHello ?? ''} |`);
console.log(`\nreport: ${out}`);
