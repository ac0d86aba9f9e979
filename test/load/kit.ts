// The load-test kit: the same SIPp load against the hotline controller (Stasis app, Redis,
// BullMQ, Postgres) and against Asterisk's own app_queue (`Queue()` on the same seats), with
// a report of each and the ratios. Holds the machine's Asterisk lock for the whole run.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { asteriskCli } from '../support/asterisk.js';
import { REPO } from '../support/env.js';
import { startService, type RunningService } from '../support/services.js';
import { startStack, type Stack } from '../support/stack.js';
import { startLoadSipp, type LoadSipp, type SippStats } from './sipp-load.js';

export type Target = 'controller' | 'baseline';

export interface LoadOptions {
  targets: Target[];
  /** Calls per second offered (callers, both kinds together). */
  cps: number;
  /** Calls per target; or derived from durationSec * cps. */
  calls: number;
  /** Most calls up at once per target (SIPp -l). */
  limit: number;
  seats: number;
  /** Controller processes, one Stasis app each (ARI_APPS): Asterisk spreads the calls over them. */
  controllers: number;
  /** Mean talk time (exponential), ms. */
  talkMs: number;
  /** Median ring time before the agent answers (lognormal), ms, and its log-space sigma. */
  answerMs: number;
  answerSigma: number;
  /** The caller listens to the menu this long, then presses 1. */
  ivrMs: number;
  /** Share of callers who hang up after `patienceMs` in the queue. */
  abandonShare: number;
  patienceMs: number;
  /** Callers press a key this often once they pressed 1 (answers the post-call survey). */
  surveyEveryMs: number;
  logLevel: string;
  /** Write the controller's CPU profile (node --cpu-prof) here. */
  cpuProfDir?: string;
  /** Write the controller's log lines of each run (JSON lines) to this file. */
  controllerLog?: string;
  /** Write the controller run's call events (as the aggregator stored them) to this file, JSON lines. */
  eventsLog?: string;
  quiet?: boolean;
  out?: string;
}

export const defaults: LoadOptions = {
  targets: ['controller'],
  cps: 5,
  calls: 200,
  limit: 2000,
  seats: 20,
  controllers: 1,
  talkMs: 2500,
  answerMs: 800,
  answerSigma: 0.4,
  ivrMs: 2500,
  abandonShare: 0.05,
  patienceMs: 8000,
  surveyEveryMs: 3000,
  logLevel: 'info',
};

interface Dist {
  count: number;
  p50: number | null;
  p99: number | null;
  max?: number | null;
}

export interface TargetReport {
  target: Target;
  attempted: number;
  /** Ended the expected way: answered by an agent, or an impatient caller who abandoned. */
  completed: number;
  answered: number;
  abandoned: number;
  failed: number;
  failures: Record<string, number>;
  completedPct: number;
  /** Offered calls per second while calls were being started, and completed calls over the same span. */
  offeredCps: number;
  completedCps: number;
  peakConcurrency: number;
  callerWaitMs: Dist;
  /** With several controllers: each percentile is the highest of theirs (an upper bound of the pooled one). */
  stasisToFirstActionMs: Dist | null;
  freeToOfferedMs: Dist | null;
  eventLoopDelayMs: { p50: number; p99: number; max: number } | null;
  eventToPostgresMs: Dist | null;
  cpuSecondsPerCall: Record<string, number>;
  cpuSeconds: Record<string, number>;
  /** Whole machine during the calls: share of both cores busy. */
  machineBusyPct: number;
  rssMb: Record<string, number>;
  seconds: number;
  sippErrors: string[];
  /** The services' warn/error log lines during the run, counted by message (first 20). */
  serviceLogProblems: Record<string, number>;
  /** Controller calls neither answered by an agent nor abandoned (first 10): their events and the controller's log lines, in order. */
  unfinishedCalls?: { callId: string; events: string[]; log: string[] }[];
}

export interface LoadReport {
  date: string;
  machine: { cores: number; memGb: number; cpu: string };
  options: LoadOptions;
  results: TargetReport[];
  ratios?: Record<string, number | null>;
}

const CALLER_PORT = 5080;
const ABANDON_PORT = 5081;
const SEAT_PORT = 5070;
const METRICS_PORT = 9464;
/** Both queues give up on a caller after this long (short, so a collapsing run ends soon). */
const MAX_WAIT_SEC = 60;

export async function runLoad(input: Partial<LoadOptions>): Promise<LoadReport> {
  const opts: LoadOptions = { ...defaults, ...input };
  const say = (line: string) => !opts.quiet && process.stderr.write(line + '\n');
  const dir = mkdtempSync(join(tmpdir(), 'hotline-load-'));
  const queuesFile = join(dir, 'queues-load.json');
  writeFileSync(queuesFile, JSON.stringify(loadQueues(opts.seats), null, 2));
  say(`[load] waiting for the machine's Asterisk (lock) and starting the stack: ${opts.seats} seats, ${opts.controllers} controller(s)`);
  const apps = Array.from({ length: opts.controllers }, (_, i) => `hotline-load-${i + 1}`);
  const stack = await startStack({
    env: {
      ARI_APP: apps[0]!,
      ARI_APPS: apps.join(','),
      SEATS: String(opts.seats),
      SEAT_CONTACT: `sip:{seat}@127.0.0.1:${SEAT_PORT}`,
      IVR_FILE: join(REPO, 'test/load/ivr-load.json'),
      QUEUES_FILE: queuesFile,
      METRICS_PORT: String(METRICS_PORT),
      BASELINE_QUEUE_MEMBERS: String(opts.seats),
      BASELINE_MAX_WAIT: String(MAX_WAIT_SEC),
      LOG_LEVEL: opts.logLevel,
      ...(opts.cpuProfDir ? { METRICS_CPU_PROFILE: opts.cpuProfDir } : {}),
    },
  });
  const results: TargetReport[] = [];
  let seats: LoadSipp | null = null;
  const peers: RunningService[] = [];
  try {
    for (const [i, app] of apps.entries()) {
      if (i > 0) peers.push(await startService('ari-controller', { ...stack.env, ARI_APP: app, METRICS_PORT: String(METRICS_PORT + i) }));
    }
    await readyAgents(stack, opts.seats);
    seats = startLoadSipp({
      scenario: 'load-agent.xml',
      vars: { answer_mu: Math.log(opts.answerMs).toFixed(3), answer_sigma: opts.answerSigma, talk_ms: opts.talkMs },
      port: SEAT_PORT,
      mediaPort: 44000,
      target: '',
      calls: 100_000_000,
      limit: 100_000,
      timeoutSec: 3600,
    });
    await new Promise((r) => setTimeout(r, 500));
    for (const target of opts.targets) {
      results.push(await runTarget(stack, peers, target, opts, say, seats));
      await settle(stack, say);
    }
  } finally {
    await seats?.stop();
    await Promise.all(peers.map((p) => p.stop()));
    await stack.stop();
  }
  const report: LoadReport = {
    date: new Date().toISOString(),
    machine: { cores: cpus().length, memGb: Math.round(totalmem() / 2 ** 30), cpu: cpus()[0]?.model ?? '?' },
    options: opts,
    results,
  };
  const c = results.find((r) => r.target === 'controller');
  const b = results.find((r) => r.target === 'baseline');
  if (c && b) report.ratios = ratios(c, b);
  const out = opts.out ?? join(REPO, 'test-results', `load-${report.date.replace(/[:.]/g, '-')}.json`);
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2));
  say(`[load] report written to ${out}`);
  return report;
}

function loadQueues(seats: number) {
  return {
    queues: [
      { id: 'load', name: 'Load test', skill: 'L', ringTimeoutSec: 15, maxWaitSec: MAX_WAIT_SEC, overflow: { action: 'hangup' }, capacity: 100_000, wrapUpSec: 0, policy: 'longest_idle' },
    ],
    agents: Array.from({ length: seats }, (_, i) => {
      const n = String(i + 1).padStart(4, '0');
      return { id: `a${n}`, name: `Agent ${i + 1}`, seat: `agent${n}`, skills: { L: 5 } };
    }),
  };
}

async function readyAgents(stack: Stack, seats: number): Promise<void> {
  const ids = Array.from({ length: seats }, (_, i) => `a${String(i + 1).padStart(4, '0')}`);
  for (let i = 0; i < ids.length; i += 20) {
    await Promise.all(
      ids.slice(i, i + 20).map(async (id) => {
        for (const action of ['sign_in', 'ready']) {
          const r = await stack.api(`/agents/${id}/state`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...authHeader() },
            body: JSON.stringify({ action }),
          });
          if (r.status !== 200) throw new Error(`${id} ${action}: ${r.status} ${JSON.stringify(r.body)}`);
        }
      }),
    );
  }
}

function authHeader(): Record<string, string> {
  return process.env.ADMIN_TOKEN ? { authorization: `Bearer ${process.env.ADMIN_TOKEN}` } : {};
}

// ---- one target --------------------------------------------------------------

async function runTarget(stack: Stack, peers: RunningService[], target: Target, opts: LoadOptions, say: (l: string) => void, seats: LoadSipp): Promise<TargetReport> {
  const abandoners = Math.round(opts.calls * opts.abandonShare);
  const patient = opts.calls - abandoners;
  const service = target === 'controller' ? '12345' : 'baseline';
  say(`[load] ${target}: ${opts.calls} calls at ${opts.cps}/s (${abandoners} impatient), ${opts.seats} seats, talk ~${opts.talkMs} ms`);
  if (target === 'baseline') asteriskCli('queue reset stats baseline');
  const metricsPorts = Array.from({ length: opts.controllers }, (_, i) => METRICS_PORT + i);
  await Promise.all(metricsPorts.map((port) => fetch(`http://127.0.0.1:${port}/metrics/reset`, { method: 'POST' }).catch(() => undefined)));
  const services = servicesOf(stack, peers);
  const pids = processes(services);
  if (seats.child.pid) pids['sipp (seats)'] = seats.child.pid;
  const logMarks = new Map([...services].map(([n, sv]) => [n, sv.logs.length]));
  const postgresBefore = postgresTicks();
  const machineBefore = machineTicks();
  const startedAt = new Date();
  const queueLogStart = Math.floor(startedAt.getTime() / 1000);
  const maxCallMs = MAX_WAIT_SEC * 1000 + 15_000 + opts.talkMs * 12 + opts.ivrMs + 20_000;
  const common = { target: '127.0.0.1:5060', service, limit: opts.limit, timeoutSec: Math.ceil(maxCallMs / 1000) + opts.calls / opts.cps + 60 };
  const callers: LoadSipp[] = [];
  const callerPids = () => Object.fromEntries(callers.flatMap((c, i) => (c.child.pid ? [[`sipp (callers ${i + 1})`, c.child.pid]] : [])));
  if (patient > 0)
    callers.push(
      startLoadSipp({
        ...common,
        scenario: 'load-caller.xml',
        vars: { ivr_ms: opts.ivrMs, digit: 1, survey_digit: 1, survey_every_ms: opts.surveyEveryMs, survey_rounds: Math.ceil(maxCallMs / opts.surveyEveryMs) },
        port: CALLER_PORT,
        mediaPort: 40000,
        calls: patient,
        rate: opts.cps * (patient / opts.calls),
      }),
    );
  if (abandoners > 0)
    callers.push(
      startLoadSipp({
        ...common,
        scenario: 'load-caller-abandons.xml',
        vars: { ivr_ms: opts.ivrMs, digit: 1, patience_ms: opts.patienceMs },
        port: ABANDON_PORT,
        mediaPort: 42000,
        calls: abandoners,
        rate: opts.cps * (abandoners / opts.calls),
      }),
    );
  const cpuBefore = cpuOf({ ...pids, ...callerPids() });
  let peak = 0;
  let callerTicks: Record<string, number> = {};
  let lastCreatedAt = Date.now();
  let lastCreated = 0;
  const sum = (f: (s: SippStats) => number) => callers.reduce((a, c) => a + f(c.stats()), 0);
  let firstCreatedAt = 0;
  const sampler = setInterval(() => {
    callerTicks = { ...callerTicks, ...cpuOf(callerPids()) }; // SIPp callers' CPU: last reading before they exit
    const created = sum((s) => s.created);
    peak = Math.max(peak, sum((s) => s.current));
    if (created > 0 && !firstCreatedAt) firstCreatedAt = Date.now();
    if (created > lastCreated) {
      lastCreated = created;
      lastCreatedAt = Date.now();
    }
  }, 250);
  const progress = setInterval(() => {
    void (async () => {
      const created = sum((s) => s.created);
      const current = sum((s) => s.current);
      const o = await outcome(stack, target, startedAt, queueLogStart).catch(() => ({ answered: NaN, abandoned: NaN }));
      say(
        `[load] ${target} ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(4)} s: started ${created}, up ${current}, ` +
          `answered ${o.answered}, abandoned ${o.abandoned}, ended ok ${sum((s) => s.successful)}, failed ${sum((s) => s.failed)}`,
      );
    })();
  }, 2000);
  const finals = await Promise.all(callers.map((c) => c.done));
  clearInterval(progress);
  clearInterval(sampler);
  const endedAt = Date.now();
  // Let the aggregator catch up before reading Postgres.
  if (target === 'controller') await drained(stack, startedAt, opts.calls);
  const cpuAfter = { ...callerTicks, ...cpuOf(pids) };
  const postgresAfter = postgresTicks();
  const machineAfter = machineTicks();
  const created = finals.reduce((a, f) => a + f.created, 0);
  const failures: Record<string, number> = {};
  for (const f of finals) for (const [k, v] of Object.entries(f.failures)) failures[k] = (failures[k] ?? 0) + v;
  const o = await outcome(stack, target, startedAt, queueLogStart);
  const completed = o.answered + o.abandoned;
  const unexplained = created - completed - Object.values(failures).reduce((a, b) => a + b, 0);
  if (unexplained > 0) failures['endedWithoutAgentOrAbandon'] = unexplained;
  // SIPp starts the first call at once and one every 1/cps s after: N calls span (N - 1) intervals.
  const spanSec = Math.max(1, (lastCreatedAt - (firstCreatedAt || startedAt.getTime())) / 1000);
  const rateOver = (n: number) => round(Math.max(0, n - 1) / spanSec, 2);
  const metrics = target === 'controller' ? await controllerMetrics(metricsPorts) : null;
  if (target === 'controller' && opts.cpuProfDir) {
    const prof = (await fetch(`http://127.0.0.1:${METRICS_PORT}/metrics/profile`, { method: 'POST' }).then((r) => r.json()).catch(() => null)) as { file: string } | null;
    say(`[load] controller CPU profile: ${prof?.file ?? 'not written'}`);
  }
  const cpuSeconds: Record<string, number> = {};
  const cpuSecondsPerCall: Record<string, number> = {};
  for (const [name, before] of Object.entries(cpuBefore)) {
    const s = ((cpuAfter[name] ?? before) - before) / 100;
    const key = serviceOf(name);
    cpuSeconds[key] = round((cpuSeconds[key] ?? 0) + s, 2);
    cpuSecondsPerCall[key] = created ? round((cpuSecondsPerCall[key] ?? 0) + s / created, 5) : 0;
  }
  cpuSeconds.postgres = Math.max(0, round((postgresAfter - postgresBefore) / 100, 2)); // backends that exited take their ticks along
  const busy = machineAfter.busy - machineBefore.busy;
  // A host that takes the CPU away stalls every process at once (BENCHMARKS.md run 34): counted apart.
  cpuSeconds['stolen by the host'] = round((machineAfter.stolen - machineBefore.stolen) / 100, 2);
  // Whatever else ran on the machine meanwhile (other people's tests, the kit itself).
  cpuSeconds['machine total'] = round(busy / 100, 2);
  cpuSeconds.other = round(busy / 100 - Object.entries(cpuSeconds).filter(([k]) => k !== 'machine total').reduce((a, [, v]) => a + v, 0), 2);
  const total = machineAfter.total - machineBefore.total;
  const report: TargetReport = {
    target,
    attempted: created,
    completed,
    answered: o.answered,
    abandoned: o.abandoned,
    failed: Math.max(0, created - completed),
    failures,
    completedPct: created ? round((100 * completed) / created, 2) : 0,
    offeredCps: rateOver(created),
    completedCps: rateOver(completed),
    peakConcurrency: peak,
    callerWaitMs: o.wait,
    stasisToFirstActionMs: metrics ? metrics.stasisToFirstActionMs : null,
    freeToOfferedMs: metrics ? metrics.freeToOfferedMs : null,
    eventLoopDelayMs: metrics ? metrics.eventLoopDelayMs : null,
    eventToPostgresMs: target === 'controller' ? await eventLag(stack, startedAt) : null,
    cpuSecondsPerCall,
    cpuSeconds,
    machineBusyPct: total ? round((100 * busy) / total, 1) : 0,
    rssMb: rssOf(pids),
    seconds: round((endedAt - startedAt.getTime()) / 1000, 1),
    sippErrors: finals.flatMap((f) => f.errors).slice(0, 20),
    serviceLogProblems: logProblems(services, logMarks),
    ...(target === 'controller' ? { unfinishedCalls: await unfinishedCalls(stack, controllerLogs(services), startedAt) } : {}),
  };
  if (opts.controllerLog && target === 'controller') {
    writeFileSync(opts.controllerLog, controllerLogs(services).map((l) => JSON.stringify(l) + '\n').join(''));
  }
  if (opts.eventsLog && target === 'controller') await writeEvents(stack, startedAt, opts.eventsLog);
  say(`[load] ${target} done: ${report.completed}/${report.attempted} completed (${report.completedPct} %), peak ${peak} up`);
  return report;
}

/** The stack's services and the further controllers, named `ari-controller#2`... */
function servicesOf(stack: Stack, peers: RunningService[]): Map<string, RunningService> {
  const out = new Map<string, RunningService>(stack.services);
  for (const [i, peer] of peers.entries()) out.set(`ari-controller#${i + 2}`, peer);
  return out;
}

/** `ari-controller#2` counts as `ari-controller`: the report sums what all controllers cost. */
const serviceOf = (name: string) => name.replace(/#\d+$/, '');

/** Every controller's log lines, the first controller's first. */
function controllerLogs(services: Map<string, RunningService>): Record<string, unknown>[] {
  return [...services].filter(([name]) => serviceOf(name) === 'ari-controller').flatMap(([, sv]) => sv.logs);
}

/** What a controller's GET /metrics gives that the report keeps. */
type Metrics = { stasisToFirstActionMs: Dist; freeToOfferedMs: Dist; eventLoopDelayMs: { p50: number; p99: number; max: number } };

/** The decision latencies of every controller; several: each figure the highest of theirs. */
async function controllerMetrics(ports: number[]): Promise<Metrics | null> {
  const all = await Promise.all(ports.map((port) => fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.json() as Promise<Metrics>).catch(() => null)));
  const got = all.filter((m): m is Metrics => m !== null);
  if (got.length === 0) return null;
  const highest = (values: (number | null | undefined)[]) => values.reduce<number | null>((a, v) => (v == null ? a : a === null ? v : Math.max(a, v)), null);
  const dist = (pick: (m: Metrics) => Dist): Dist => ({
    count: got.reduce((a, m) => a + pick(m).count, 0),
    p50: highest(got.map((m) => pick(m).p50)),
    p99: highest(got.map((m) => pick(m).p99)),
    max: highest(got.map((m) => pick(m).max)),
  });
  const loop = (k: 'p50' | 'p99' | 'max') => highest(got.map((m) => m.eventLoopDelayMs[k])) ?? 0;
  return { stasisToFirstActionMs: dist((m) => m.stasisToFirstActionMs), freeToOfferedMs: dist((m) => m.freeToOfferedMs), eventLoopDelayMs: { p50: loop('p50'), p99: loop('p99'), max: loop('max') } };
}

function logProblems(services: Map<string, RunningService>, marks: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, sv] of services) {
    for (const l of sv.logs.slice(marks.get(name) ?? 0)) {
      if (typeof l.level !== 'number' || l.level < 40) continue;
      const err = (l.err as { message?: string } | undefined)?.message ?? (typeof l.err === 'string' ? l.err : '');
      const key = `${name} ${l.level >= 50 ? 'error' : 'warn'}: ${String(l.msg)}${l.what ? ` (${String(l.what)})` : ''}${err ? `: ${err.slice(0, 120)}` : ''}`
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
        .replace(/\d{10}\.\d+(-\d+)?/g, '<channel>');
      if (key in out || Object.keys(out).length < 20) out[key] = (out[key] ?? 0) + 1;
    }
  }
  return out;
}

/** Answered by an agent and abandoned so far: Postgres for the controller, app_queue's counters for the baseline. */
async function outcome(stack: Stack, target: Target, since: Date, queueLogStart: number): Promise<{ answered: number; abandoned: number; wait: Dist }> {
  if (target === 'baseline') {
    const show = asteriskCli('queue show baseline');
    const answered = Number(/C:(\d+)/.exec(show)?.[1] ?? NaN);
    const abandoned = Number(/A:(\d+)/.exec(show)?.[1] ?? NaN);
    return { answered, abandoned, wait: baselineWaits(queueLogStart) };
  }
  const r = await sql<{ answered: string; abandoned: string; p50: number | null; p99: number | null; n: string }>`
    select count(*) filter (where answered_at is not null) as answered,
           count(*) filter (where abandoned_at is not null) as abandoned,
           count(wait_ms) filter (where answered_at is not null) as n,
           percentile_disc(0.5) within group (order by wait_ms) filter (where answered_at is not null) as p50,
           percentile_disc(0.99) within group (order by wait_ms) filter (where answered_at is not null) as p99
      from calls where arrived_at >= ${since}`.execute(stack.database.db);
  const row = r.rows[0]!;
  return { answered: Number(row.answered), abandoned: Number(row.abandoned), wait: { count: Number(row.n), p50: row.p50, p99: row.p99 } };
}

/** Why a controller call counts as failed: the events it got, for the first few such calls. */
async function unfinishedCalls(stack: Stack, logs: Record<string, unknown>[], since: Date): Promise<{ callId: string; events: string[]; log: string[] }[]> {
  const r = await sql<{ call_id: string; events: string[] }>`
    select e.call_id, array_agg(e.type order by e.at, e.received_at) as events
      from call_events e
     where e.call_id in (select call_id from calls where arrived_at >= ${since} and answered_at is null and abandoned_at is null limit 10)
     group by e.call_id`.execute(stack.database.db);
  const logOf = (callId: string) =>
    logs
      .filter((l) => l.callId === callId || JSON.stringify(l).includes(callId))
      .map((l) => [l.msg, l.what, l.step, l.op, l.ms, (l.err as { message?: string } | undefined)?.message].filter((x) => x !== undefined).join(': '));
  return r.rows.map((row) => ({ callId: row.call_id, events: row.events, log: logOf(row.call_id) }));
}

/** app_queue writes each answered caller's hold time (whole seconds) to queue_log as CONNECT. */
function baselineWaits(since: number): Dist {
  try {
    const root = execFileSync('bash', ['scripts/asterisk.sh', 'root'], { cwd: REPO, encoding: 'utf8' }).trim();
    const holds = readFileSync(join(root, 'var/log/asterisk/queue_log'), 'utf8')
      .split('\n')
      .map((l) => l.split('|'))
      .filter((f) => f[2] === 'baseline' && f[4] === 'CONNECT' && Number(f[0]) >= since)
      .map((f) => Number(f[5]) * 1000)
      .sort((a, b) => a - b);
    const q = (p: number) => (holds.length ? holds[Math.min(holds.length - 1, Math.ceil(p * holds.length) - 1)]! : null);
    return { count: holds.length, p50: q(0.5), p99: q(0.99) };
  } catch {
    return { count: 0, p50: null, p99: null };
  }
}

/** The run's events in the order they happened (agent state changes included): to follow one agent or call. */
async function writeEvents(stack: Stack, since: Date, file: string): Promise<void> {
  const r = await sql<{ type: string; call_id: string | null; at: Date; received_at: Date; payload: unknown }>`
    select type, call_id, at, received_at, payload from call_events where at >= ${since} order by at`.execute(stack.database.db);
  writeFileSync(file, r.rows.map((row) => JSON.stringify(row) + '\n').join(''));
}

async function eventLag(stack: Stack, since: Date): Promise<Dist> {
  const r = await sql<{ n: string; p50: number | null; p99: number | null; max: number | null }>`
    select count(*) as n,
           percentile_cont(0.5) within group (order by extract(epoch from received_at - at) * 1000) as p50,
           percentile_cont(0.99) within group (order by extract(epoch from received_at - at) * 1000) as p99,
           max(extract(epoch from received_at - at) * 1000) as max
      from call_events where at >= ${since}`.execute(stack.database.db);
  const row = r.rows[0]!;
  const n = (v: number | null) => (v === null ? null : round(Number(v), 1));
  return { count: Number(row.n), p50: n(row.p50), p99: n(row.p99), max: n(row.max) };
}

/** Waits until every call of the run has its end in Postgres (the aggregator caught up), up to 30 s. */
async function drained(stack: Stack, since: Date, calls: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const r = await sql<{ n: string }>`select count(*) as n from calls where arrived_at >= ${since} and ended_at is not null`.execute(stack.database.db);
    if (Number(r.rows[0]!.n) >= calls) return;
    await new Promise((res) => setTimeout(res, 500));
  }
}

/**
 * Between targets: no call left in Asterisk. Calls the previous target left stuck (their callers
 * gave up) are hung up after 20 s; we hold the machine lock, so they are this run's own.
 */
async function settle(stack: Stack, say: (l: string) => void): Promise<void> {
  void stack;
  for (let i = 0; i < 30; i++) {
    const m = /(\d+) active call/.exec(asteriskCli('core show calls'));
    if (!m || Number(m[1]) === 0) return;
    if (i === 20) {
      say(`[load] ${m[1]} calls still up in Asterisk after 20 s; hanging them up`);
      asteriskCli('channel request hangup all');
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  say('[load] calls still up in Asterisk after 30 s; going on');
}

// ---- processes ------------------------------------------------------------

function processes(services: Map<string, RunningService>): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    // The chrooted daemon (scripts/asterisk.sh starts it as `asterisk -U asterisk -G asterisk`).
    out.asterisk = Number(execFileSync('pgrep', ['-o', '-f', '^asterisk -U asterisk'], { encoding: 'utf8' }).trim());
  } catch {
    // not found: left out of the report
  }
  for (const [name, s] of services) if (s.child.pid) out[name] = s.child.pid;
  try {
    out.redis = Number(execFileSync('pidof', ['-s', 'redis-server'], { encoding: 'utf8' }).trim());
  } catch {
    // no redis-server process visible
  }
  return out;
}

function cpuOf(pids: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out[name] = Number(f[11]) + Number(f[12]); // utime + stime, clock ticks (100/s)
    } catch {
      // gone
    }
  }
  return out;
}

/** All PostgreSQL processes (the backends of every database on the machine). */
function postgresTicks(): number {
  try {
    const pids = execFileSync('pgrep', ['-x', 'postgres'], { encoding: 'utf8' }).trim().split('\n').map(Number);
    return Object.values(cpuOf(Object.fromEntries(pids.map((p) => [String(p), p])))).reduce((a, b) => a + b, 0);
  } catch {
    return 0;
  }
}

function rssOf(pids: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) out[serviceOf(name)] = (out[serviceOf(name)] ?? 0) + Math.round(Number(m[1]) / 1024);
    } catch {
      // gone
    }
  }
  return out;
}

/** Whole-machine ticks from /proc/stat; `stolen`: time a virtual machine's host ran something else while we waited. */
function machineTicks(): { busy: number; total: number; stolen: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return { busy: total - idle, total, stolen: f[7] ?? 0 };
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

// ---- comparison --------------------------------------------------------------

function ratios(c: TargetReport, b: TargetReport): Record<string, number | null> {
  const r = (x: number | null | undefined, y: number | null | undefined) => (x != null && y ? round(x / y, 2) : null);
  return {
    completedCps: r(c.completedCps, b.completedCps),
    completedPct: r(c.completedPct, b.completedPct),
    asteriskCpuPerCall: r(c.cpuSecondsPerCall.asterisk, b.cpuSecondsPerCall.asterisk),
    stackCpuPerCall: r(stackCpu(c), stackCpu(b)),
    callerWaitP50: r(c.callerWaitMs.p50, b.callerWaitMs.p50),
    callerWaitP99: r(c.callerWaitMs.p99, b.callerWaitMs.p99),
  };
}

/**
 * CPU per call of what each setup needs: the controller's Asterisk, the three services and
 * Redis; the baseline's Asterisk alone (the services idle along, but plain app_queue needs none).
 */
function stackCpu(t: TargetReport): number {
  if (t.target === 'baseline') return t.cpuSecondsPerCall.asterisk ?? 0;
  return ['asterisk', 'ari-controller', 'kpi-aggregator', 'api', 'redis'].reduce((a, k) => a + (t.cpuSecondsPerCall[k] ?? 0), 0);
}

export function table(report: LoadReport): string {
  const rows: [string, (t: TargetReport) => string][] = [
    ['attempted / completed / failed', (t) => `${t.attempted} / ${t.completed} / ${t.failed}`],
    ['completed %', (t) => `${t.completedPct} %`],
    ['answered by agent / abandoned', (t) => `${t.answered} / ${t.abandoned}`],
    ['failures', (t) => Object.entries(t.failures).map(([k, v]) => `${k} ${v}`).join(', ') || '-'],
    ['offered / completed CPS', (t) => `${t.offeredCps} / ${t.completedCps}`],
    ['peak concurrent calls', (t) => String(t.peakConcurrency)],
    ['caller wait p50 / p99 (ms)', (t) => `${t.callerWaitMs.p50 ?? '-'} / ${t.callerWaitMs.p99 ?? '-'}${t.target === 'baseline' ? ' (1 s res.)' : ''}`],
    ['StasisStart→first action p50 / p99 (ms)', (t) => (t.stasisToFirstActionMs ? `${t.stasisToFirstActionMs.p50} / ${t.stasisToFirstActionMs.p99}` : 'n/a')],
    ['agent free→offered p50 / p99 (ms)', (t) => (t.freeToOfferedMs ? `${t.freeToOfferedMs.p50} / ${t.freeToOfferedMs.p99}` : 'n/a')],
    ['event→Postgres p50 / p99 (ms)', (t) => (t.eventToPostgresMs ? `${t.eventToPostgresMs.p50} / ${t.eventToPostgresMs.p99}` : 'n/a')],
    ['controller event-loop delay p99 (ms)', (t) => (t.eventLoopDelayMs ? String(t.eventLoopDelayMs.p99) : 'n/a')],
    ['CPU ms/call asterisk', (t) => ms(t.cpuSecondsPerCall.asterisk)],
    ['CPU ms/call controller', (t) => ms(t.cpuSecondsPerCall['ari-controller'])],
    ['CPU ms/call aggregator', (t) => ms(t.cpuSecondsPerCall['kpi-aggregator'])],
    ['CPU ms/call api', (t) => ms(t.cpuSecondsPerCall.api)],
    ['CPU ms/call redis', (t) => ms(t.cpuSecondsPerCall.redis)],
    ['CPU ms/call needed (ctl: all above; baseline: asterisk)', (t) => ms(stackCpu(t))],
    ['CPU s: sipp (all) / postgres (all) / other processes', (t) => `${round(Object.entries(t.cpuSeconds).filter(([k]) => k.startsWith('sipp')).reduce((a, [, v]) => a + v, 0), 1)} / ${t.cpuSeconds.postgres ?? '-'} / ${t.cpuSeconds.other ?? '-'}`],
    ['machine busy (2 cores = 100 %)', (t) => `${t.machineBusyPct} %`],
    ['CPU s stolen by the host (a virtual machine)', (t) => `${t.cpuSeconds['stolen by the host'] ?? '-'}`],
    ['RSS MB asterisk / controller / aggregator / api', (t) => ['asterisk', 'ari-controller', 'kpi-aggregator', 'api'].map((n) => t.rssMb[n] ?? '-').join(' / ')],
  ];
  const names = report.results.map((r) => r.target);
  const lines = [`| ${['', ...names, ...(report.ratios ? ['controller / baseline'] : [])].join(' | ')} |`, `|${'---|'.repeat(names.length + 1 + (report.ratios ? 1 : 0))}`];
  const ratioOf: Record<string, string | undefined> = report.ratios
    ? {
        'offered / completed CPS': `${report.ratios.completedCps ?? '-'} (completed)`,
        'completed %': String(report.ratios.completedPct ?? '-'),
        'caller wait p50 / p99 (ms)': `${report.ratios.callerWaitP50 ?? '-'} / ${report.ratios.callerWaitP99 ?? '-'}`,
        'CPU ms/call asterisk': String(report.ratios.asteriskCpuPerCall ?? '-'),
        'CPU ms/call needed (ctl: all above; baseline: asterisk)': String(report.ratios.stackCpuPerCall ?? '-'),
      }
    : {};
  for (const [label, f] of rows) lines.push(`| ${[label, ...report.results.map(f), ...(report.ratios ? [ratioOf[label] ?? ''] : [])].join(' | ')} |`);
  return lines.join('\n');
}

const ms = (s: number | undefined) => (s === undefined ? '-' : (s * 1000).toFixed(2));
