// `make bench`: the aggregator's throughput from BullMQ into Postgres next to a raw COPY of the
// same event rows (two workloads, with the CPU time the aggregator and its Postgres backends
// spent per event), and the time of a month scorecard over 1 M stored calls. Each part runs in
// its own throwaway database and Redis prefix. Prints the figures BENCHMARKS.md records.
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AGENT_STATE_ROLLUP_ALL_COLUMNS } from '@hotline/db';
import { BullmqEventPublisher, EVENTS_QUEUE, type HotlineEvent } from '@hotline/events';
import { Queue } from 'bullmq';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { E2E_ADMIN_TOKEN, bearer } from '../support/api-users.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { loadDotEnv } from '../support/env.js';
import { freePort } from '../support/free-port.js';
import { startService } from '../support/services.js';
import { MONTH_END, MONTH_START, cpuMsOf, workloads, type Workload } from './workloads.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const SCORECARD_CALLS = Number(process.env.BENCH_SCORECARD_CALLS ?? 1_000_000);

const log = (msg: string) => process.stdout.write(`${msg}\n`);
const round = (x: number) => Math.round(x).toLocaleString('en-US');

async function waitUntil(probe: () => Promise<boolean>, everyMs = 50): Promise<void> {
  while (!(await probe())) await new Promise((r) => setTimeout(r, everyMs));
}

/** CPU time of the Postgres backends connected to the database now (they start with the run). */
async function backendCpuMs(db: TestDatabase, except: number): Promise<number> {
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and pid <> ${except}`.execute(db.db);
  let ms = 0;
  for (const { pid } of rows) {
    try {
      ms += cpuMsOf(pid);
    } catch {
      // gone meanwhile
    }
  }
  return ms;
}

interface ThroughputResult {
  events: number;
  jobs: number;
  seconds: number;
  copySeconds: number;
  cpu: { aggregatorMs: number; postgresMs: number; copyPostgresMs: number };
  rows: Record<string, number>;
}

/** Publishes with the producers' own publisher: several events per job, as the controller and the API send them. */
async function publishAll(prefix: string, events: readonly HotlineEvent[]): Promise<void> {
  const publisher = new BullmqEventPublisher({ url: REDIS_URL }, prefix);
  await Promise.all(events.map((e) => publisher.publish(e)));
  await publisher.close();
}

/** Resumes the queue and waits until BullMQ has completed `jobs` jobs in all (each only once its events are committed). */
async function drain(queue: Queue, jobs: number): Promise<number> {
  const started = performance.now();
  await queue.resume();
  await waitUntil(async () => {
    const counts = await queue.getJobCounts('completed', 'failed');
    return (counts.completed ?? 0) + (counts.failed ?? 0) >= jobs;
  }, 20);
  return (performance.now() - started) / 1000;
}

async function aggregatorThroughput({ traffic, warmup }: Workload): Promise<ThroughputResult> {
  const events = traffic.events;
  const db = await createTestDatabase();
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const queue = new Queue(EVENTS_QUEUE, { connection: { url: REDIS_URL }, prefix });
  try {
    // Paused while jobs are queued and the aggregator starts: the clock starts with the first job it may take.
    await queue.pause();
    await publishAll(prefix, warmup.events);
    const warmupJobs = await queue.count();
    const { rows: own } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db.db);
    // BENCH_CPU_PROF=DIR: a V8 CPU profile of the aggregator per workload, into DIR; BENCH_AGG_LOG=debug (with
    // TEST_SERVICE_LOGS=1): its log with each batch's size and time.
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const aggregator = await startService('kpi-aggregator', { DATABASE_URL: db.url, REDIS_PREFIX: prefix, LOG_LEVEL: process.env.BENCH_AGG_LOG ?? 'info' }, 30_000, profile);
    const pid = aggregator.child.pid!;
    // A cold run first (the events of the period before, untimed apart from this line): the timed
    // run then meets code the JIT has compiled, as a running service would, and tables not empty.
    const coldSeconds = await drain(queue, warmupJobs);
    log(`  warm-up: ${round(warmup.events.length)} events of the period before in ${coldSeconds.toFixed(2)} s = ${round(warmup.events.length / coldSeconds)} events/s (cold code)`);

    await queue.pause();
    await publishAll(prefix, events);
    const jobs = await queue.count();
    log(`  queued ${round(events.length)} events (${round(traffic.calls.length)} calls, ${traffic.tickets.length} tickets) in BullMQ as ${jobs} jobs`);
    const cpu0 = cpuMsOf(pid);
    const pg0 = await backendCpuMs(db, own[0]!.pid);
    const seconds = await drain(queue, warmupJobs + jobs);
    const aggregatorMs = cpuMsOf(pid) - cpu0;
    const postgresMs = (await backendCpuMs(db, own[0]!.pid)) - pg0;
    await aggregator.stop();
    const { rows: counted } = await sql<Record<string, number>>`
      select (select count(*) from call_events)::int as call_events, (select count(*) from calls)::int as calls,
             (select count(*) from agent_state_intervals)::int as agent_intervals, (select count(*) from agent_state_rollups)::int as agent_rollups,
             (select count(*) from agent_state_rollups_all)::int as agent_rollups_all,
             (select count(*) from voice_rollups)::int as voice_rollups, (select count(*) from ticket_facts)::int as tickets,
             (select count(*) from dead_letters)::int as dead_letters`.execute(db.db);
    const expected = warmup.events.length + events.length;
    if (counted[0]!.call_events !== expected) throw new Error(`expected ${expected} events in call_events, found ${counted[0]!.call_events}`);

    const copy = await rawCopy(db, events);
    return { events: events.length, jobs, seconds, copySeconds: copy.seconds, cpu: { aggregatorMs, postgresMs, copyPostgresMs: copy.postgresMs }, rows: counted[0]! };
  } finally {
    await queue.obliterate({ force: true });
    await queue.close();
    await db.drop();
  }
}

/** COPY (pg-copy-streams) of the same event rows into an empty table shaped like call_events. */
async function rawCopy(db: TestDatabase, events: readonly { eventId: string; type: string; at: string }[]): Promise<{ seconds: number; postgresMs: number }> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query('create table copy_target (like call_events including all)');
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    const backend = rows[0]!.pid;
    const esc = (s: string) => s.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n');
    const lines = events.map((e) => `${e.eventId}\t${'callId' in e ? String(e.callId) : '\\N'}\t${e.type}\t${e.at}\t${esc(JSON.stringify(e))}\n`);
    // In chunks of 1,000 rows: one write per row made the baseline slower than COPY is.
    const chunks: string[] = [];
    for (let i = 0; i < lines.length; i += 1000) chunks.push(lines.slice(i, i + 1000).join(''));
    const cpu0 = cpuMsOf(backend);
    const started = performance.now();
    await pipeline(Readable.from(chunks), client.query(copyFrom('copy copy_target (event_id, call_id, type, at, payload) from stdin')));
    return { seconds: (performance.now() - started) / 1000, postgresMs: cpuMsOf(backend) - cpu0 };
  } finally {
    await client.end();
  }
}

/**
 * 1 M calls of a month made with generate_series, their rollups aggregated in SQL (as the
 * aggregator would have left them) and agent intervals; then the scorecard over HTTP.
 */
async function scorecardOverMillionCalls(): Promise<{ calls: number; rollupRows: number; timingsMs: number[] }> {
  const db = await createTestDatabase();
  try {
    const started = performance.now();
    await sql`
      insert into calls (call_id, arrived_at, queued_at, queue_id, agent_id, answered_at, abandoned_at, ended_at, wait_ms, talk_ms, hold_ms, acw_ms, survey, recorded, reviewed)
      select 'b' || i, q - interval '5 seconds', q, 'q' || (i % 5), case when answered then 'agent' || lpad((i % 100)::text, 4, '0') end,
             case when answered then q + wait end, case when not answered then q + wait end,
             q + wait + interval '3 minutes', extract(epoch from wait) * 1000, 170000, 5000, 40000,
             (array['satisfied','basically_satisfied','dissatisfied','no_answer', null])[1 + i % 5], i % 10 <> 0, i % 20 = 0
        from (select i, ${new Date(MONTH_START)}::timestamptz + (i::bigint * (${MONTH_END - MONTH_START}::bigint / ${SCORECARD_CALLS})) * interval '1 millisecond' as q,
                     i % 20 <> 0 as answered, ((i::bigint * 7919) % 45000) * interval '1 millisecond' as wait
                from generate_series(1, ${SCORECARD_CALLS}) i) g`.execute(db.db);
    for (const dim of ['queue', 'agent', 'all'] as const) {
      const dimId = sql.raw(dim === 'queue' ? `coalesce(queue_id, '')` : dim === 'agent' ? `coalesce(agent_id, '')` : `''`);
      await sql`
        insert into voice_rollups (interval_start, dim, dim_id, arrived, offered, answered, answered_within, abandoned, wait_sum_ms, wait_max_ms,
                                   talk_ms, hold_ms, acw_ms, handled, surveyed, survey_satisfied, survey_basically_satisfied, survey_dissatisfied,
                                   survey_no_answer, recordings, recordings_reviewed)
        select date_bin('15 minutes', queued_at, '2000-01-01'), ${dim}, ${dimId}, count(*), count(*), count(answered_at),
               jsonb_build_object('15000', count(*) filter (where wait_ms <= 15000 and answered_at is not null), '30000', count(*) filter (where wait_ms <= 30000 and answered_at is not null)),
               count(abandoned_at), coalesce(sum(wait_ms) filter (where answered_at is not null), 0), coalesce(max(wait_ms) filter (where answered_at is not null), 0),
               coalesce(sum(talk_ms) filter (where answered_at is not null), 0), coalesce(sum(hold_ms) filter (where answered_at is not null), 0), coalesce(sum(acw_ms) filter (where answered_at is not null), 0),
               count(answered_at), count(survey), count(*) filter (where survey = 'satisfied'), count(*) filter (where survey = 'basically_satisfied'),
               count(*) filter (where survey = 'dissatisfied'), count(*) filter (where survey = 'no_answer'), count(*) filter (where recorded), count(*) filter (where recorded and reviewed)
          from calls group by 1, 3`.execute(db.db);
    }
    // 100 agents, a shift a day: ready / on_call / wrap_up / break cycles every 10 minutes.
    await sql`
      insert into agent_state_intervals (event_id, agent_id, state, started_at, ended_at)
      select gen_random_uuid(), 'agent' || lpad(a::text, 4, '0'), (array['ready','on_call','wrap_up','break'])[1 + (k % 4)],
             ${new Date(MONTH_START)}::timestamptz + d * interval '1 day' + interval '8 hours' + k * interval '150 seconds',
             ${new Date(MONTH_START)}::timestamptz + d * interval '1 day' + interval '8 hours' + (k + 1) * interval '150 seconds'
        from generate_series(0, 99) a, generate_series(0, 30) d, generate_series(0, 191) k`.execute(db.db);
    // What the aggregator keeps beside them: their time per 15 minutes, per agent and for all agents.
    await sql`
      insert into agent_state_rollups (interval_start, agent_id, state, ms)
      select date_bin('15 minutes', started_at, '2000-01-01'), agent_id, state, sum(extract(epoch from ended_at - started_at) * 1000)::bigint
        from agent_state_intervals
       group by 1, 2, 3`.execute(db.db);
    const allColumns = sql.raw(AGENT_STATE_ROLLUP_ALL_COLUMNS.map(([, c]) => c).join(', '));
    const allSums = sql.raw(AGENT_STATE_ROLLUP_ALL_COLUMNS.map(([state]) => `coalesce(sum(ms) filter (where state = '${state}'), 0)`).join(', '));
    await sql`
      insert into agent_state_rollups_all (interval_start, ${allColumns})
      select interval_start, ${allSums} from agent_state_rollups group by 1`.execute(db.db);
    await sql`analyze`.execute(db.db);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from voice_rollups`.execute(db.db);
    log(`stored ${round(SCORECARD_CALLS)} calls, ${round(rows[0]!.n)} rollup rows and ${round(100 * 31 * 192)} agent intervals in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const port = await freePort(3900, 3990);
    const api = await startService('api', { DATABASE_URL: db.url, API_PORT: String(port), LOG_LEVEL: 'info', ADMIN_TOKEN: E2E_ADMIN_TOKEN, REDIS_PREFIX: `bench-${randomBytes(4).toString('hex')}` });
    const timingsMs: number[] = [];
    try {
      for (let i = 0; i < 8; i++) {
        const t = performance.now();
        const res = await fetch(`http://127.0.0.1:${port}/scorecards/zhengzhou-12328/2026-10`, { headers: bearer(E2E_ADMIN_TOKEN) });
        const body = (await res.json()) as { total: number };
        if (res.status !== 200) throw new Error(`scorecard: HTTP ${res.status} ${JSON.stringify(body)}`);
        timingsMs.push(performance.now() - t);
      }
    } finally {
      await api.stop();
    }
    return { calls: SCORECARD_CALLS, rollupRows: rows[0]!.n, timingsMs };
  } finally {
    await db.drop();
  }
}

loadDotEnv();
// `npx tsx test/bench/aggregator.ts [throughput|scorecard]`: one part only; both by default.
const part = process.argv[2];
const load = () => `load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`;
log(`hotline aggregator bench — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} — ${load()}`);
if (part !== 'scorecard') {
  // BENCH_WORKLOADS=day (or month, or both comma-separated): only those workloads.
  const only = process.env.BENCH_WORKLOADS?.split(',');
  for (const w of workloads().filter((x) => !only || only.includes(x.name))) {
    log(`workload "${w.name}":`);
    const t = await aggregatorThroughput(w);
    const rate = t.events / t.seconds;
    const copyRate = t.events / t.copySeconds;
    const perEvent = (ms: number) => ((1000 * ms) / t.events).toFixed(1);
    log(`  aggregator: ${round(t.events)} events BullMQ -> Postgres in ${t.seconds.toFixed(2)} s = ${round(rate)} events/s`);
    log(`    CPU: aggregator ${round(t.cpu.aggregatorMs)} ms (${perEvent(t.cpu.aggregatorMs)} µs/event), its Postgres backends ${round(t.cpu.postgresMs)} ms (${perEvent(t.cpu.postgresMs)} µs/event)`);
    log(`    rows (the warm-up's included): ${Object.entries(t.rows).map(([k, v]) => `${k} ${round(v)}`).join(', ')}`);
    log(`  raw COPY (pg-copy-streams) of the same ${round(t.events)} event rows: ${t.copySeconds.toFixed(2)} s = ${round(copyRate)} rows/s (Postgres CPU ${perEvent(t.cpu.copyPostgresMs)} µs/row)`);
    log(`  aggregator / raw COPY = ${(rate / copyRate).toFixed(2)}x — ${load()}`);
  }
}
if (part !== 'throughput') {
  const s = await scorecardOverMillionCalls();
  const sorted = [...s.timingsMs].sort((a, b) => a - b);
  log(`month scorecard (GET /scorecards/zhengzhou-12328/2026-10 over HTTP) with ${round(s.calls)} calls: first ${s.timingsMs[0]!.toFixed(0)} ms, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, max of warm runs ${Math.max(...s.timingsMs.slice(1)).toFixed(0)} ms — ${load()}`);
}
process.exit(0);
