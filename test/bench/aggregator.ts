// `make bench`: the aggregator's throughput from BullMQ into Postgres next to a raw COPY of the
// same event rows, and the time of a month scorecard over 1 M stored calls. Each part runs in
// its own throwaway database and Redis prefix. Prints the figures BENCHMARKS.md records.
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EVENTS_QUEUE } from '@hotline/events';
import { Queue } from 'bullmq';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { E2E_ADMIN_TOKEN, bearer } from '../support/api-users.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { loadDotEnv } from '../support/env.js';
import { startService } from '../support/services.js';
import { generateTraffic } from './event-generator.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const MONTH_START = Date.UTC(2026, 8, 30, 16); // 2026-10-01 00:00 Asia/Shanghai
const MONTH_END = Date.UTC(2026, 9, 31, 16);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 30);
const CALLS_PER_AGENT = Number(process.env.BENCH_CALLS_PER_AGENT ?? 100);
const SCORECARD_CALLS = Number(process.env.BENCH_SCORECARD_CALLS ?? 1_000_000);

const log = (msg: string) => process.stdout.write(`${msg}\n`);
const round = (x: number) => Math.round(x).toLocaleString('en-US');

async function waitUntil(probe: () => Promise<boolean>, everyMs = 50): Promise<void> {
  while (!(await probe())) await new Promise((r) => setTimeout(r, everyMs));
}

async function aggregatorThroughput(): Promise<{ events: number; seconds: number; copySeconds: number }> {
  const traffic = generateTraffic({ from: MONTH_START, spanMs: MONTH_END - MONTH_START, agents: AGENTS, callsPerAgent: CALLS_PER_AGENT, queues: ['q1', 'q2', 'q3'], tickets: 500, seed: 1 });
  const events = traffic.events;
  const db = await createTestDatabase();
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const queue = new Queue(EVENTS_QUEUE, { connection: { url: REDIS_URL }, prefix });
  try {
    const jobs = events.map((e) => ({ name: e.type, data: e, opts: { jobId: e.eventId, removeOnComplete: true } }));
    for (let i = 0; i < jobs.length; i += 5000) await queue.addBulk(jobs.slice(i, i + 5000));
    log(`queued ${round(events.length)} events (${round(traffic.calls.length)} calls, ${traffic.tickets.length} tickets) in BullMQ`);

    const aggregator = await startService('kpi-aggregator', { DATABASE_URL: db.url, REDIS_PREFIX: prefix, LOG_LEVEL: 'info' });
    const started = performance.now();
    await waitUntil(async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from call_events`.execute(db.db);
      return rows[0]!.n >= events.length;
    });
    const seconds = (performance.now() - started) / 1000;
    await aggregator.stop();

    const copySeconds = await rawCopy(db, events);
    return { events: events.length, seconds, copySeconds };
  } finally {
    await queue.obliterate({ force: true });
    await queue.close();
    await db.drop();
  }
}

/** COPY (pg-copy-streams) of the same event rows into an empty table shaped like call_events. */
async function rawCopy(db: TestDatabase, events: readonly { eventId: string; type: string; at: string }[]): Promise<number> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query('create table copy_target (like call_events including all)');
    const esc = (s: string) => s.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n');
    const lines = events.map((e) => `${e.eventId}\t${'callId' in e ? String(e.callId) : '\\N'}\t${e.type}\t${e.at}\t${esc(JSON.stringify(e))}\n`);
    const started = performance.now();
    await pipeline(Readable.from(lines), client.query(copyFrom('copy copy_target (event_id, call_id, type, at, payload) from stdin')));
    return (performance.now() - started) / 1000;
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
    for (const dim of ['queue', 'agent'] as const) {
      const dimId = dim === 'queue' ? sql.raw(`coalesce(queue_id, '')`) : sql.raw(`coalesce(agent_id, '')`);
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
    // What the aggregator keeps beside them: their time per 15 minutes, per agent and for all ('*').
    await sql`
      insert into agent_state_rollups (interval_start, agent_id, state, ms)
      select date_bin('15 minutes', started_at, '2000-01-01'), who, state, sum(extract(epoch from ended_at - started_at) * 1000)::bigint
        from agent_state_intervals, lateral (values (agent_id), ('*')) w(who)
       group by 1, 2, 3`.execute(db.db);
    await sql`analyze`.execute(db.db);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from voice_rollups`.execute(db.db);
    log(`stored ${round(SCORECARD_CALLS)} calls, ${round(rows[0]!.n)} rollup rows and ${round(100 * 31 * 192)} agent intervals in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const port = 3900 + Math.floor(Math.random() * 90);
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
log(`hotline aggregator bench — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
const t = await aggregatorThroughput();
const rate = t.events / t.seconds;
const copyRate = t.events / t.copySeconds;
log(`aggregator: ${round(t.events)} events BullMQ -> Postgres in ${t.seconds.toFixed(2)} s = ${round(rate)} events/s`);
log(`raw COPY (pg-copy-streams) of the same ${round(t.events)} event rows: ${t.copySeconds.toFixed(2)} s = ${round(copyRate)} rows/s`);
log(`aggregator / raw COPY = ${(rate / copyRate).toFixed(2)}x`);
const s = await scorecardOverMillionCalls();
const sorted = [...s.timingsMs].sort((a, b) => a - b);
log(`month scorecard (GET /scorecards/zhengzhou-12328/2026-10 over HTTP) with ${round(s.calls)} calls: first ${s.timingsMs[0]!.toFixed(0)} ms, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, max of warm runs ${Math.max(...s.timingsMs.slice(1)).toFixed(0)} ms`);
process.exit(0);
