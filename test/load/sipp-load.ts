// A SIPp process for the load kit: scenario from test/sipp/ with {{vars}} filled, per-second
// statistics read from its CSV while it runs (progress), failure reasons at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../support/env.js';

export interface SippStats {
  created: number;
  current: number;
  successful: number;
  failed: number;
  /** Non-zero SIPp failure counters, e.g. { FailedCallRejected: 2 }. */
  failures: Record<string, number>;
}

export interface LoadSipp {
  child: ChildProcess;
  stats(): SippStats;
  done: Promise<SippStats & { code: number | null; errors: string[] }>;
  stop(): Promise<void>;
}

const EMPTY: SippStats = { created: 0, current: 0, successful: 0, failed: 0, failures: {} };

export function startLoadSipp(opts: {
  scenario: string;
  vars: Record<string, string | number>;
  port: number;
  mediaPort: number;
  /** host:port to call; '' for a UAS. */
  target: string;
  service?: string;
  calls: number;
  rate?: number;
  limit: number;
  timeoutSec: number;
}): LoadSipp {
  const dir = mkdtempSync(join(tmpdir(), 'sipp-load-'));
  let scenario = readFileSync(join(REPO, 'test/sipp', opts.scenario), 'utf8');
  for (const [k, v] of Object.entries(opts.vars)) scenario = scenario.replaceAll(`{{${k}}}`, String(v));
  const unfilled = /\{\{(\w+)\}\}/.exec(scenario);
  if (unfilled) throw new Error(`${opts.scenario}: no value for {{${unfilled[1]}}}`);
  const file = join(dir, opts.scenario);
  writeFileSync(file, scenario);
  const statFile = join(dir, 'stat.csv');
  const args = [
    ...(opts.target ? [opts.target] : []),
    '-sf', file, '-i', '127.0.0.1', '-p', String(opts.port), '-mp', String(opts.mediaPort),
    '-m', String(opts.calls), '-l', String(opts.limit),
    ...(opts.rate ? ['-r', String(opts.rate), '-rp', '1000'] : []),
    ...(opts.service ? ['-s', opts.service] : []),
    '-timeout', `${opts.timeoutSec}s`, '-timeout_error',
    '-trace_err', '-trace_stat', '-fd', '1', '-stf', statFile, '-nostdin',
    // Many calls: more open sockets than the default, and never stop on "too many" retransmits.
    '-max_socket', '20000', '-max_recv_loops', '10000', '-max_sched_loops', '10000',
  ];
  const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()).length > 100_000 && (stderr = stderr.slice(-50_000)));
  const stats = () => readStats(statFile);
  const done = new Promise<SippStats & { code: number | null; errors: string[] }>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const errFile = readdirSync(dir).find((f) => f.endsWith('_errors.log'));
      // SIPp's error log; the scenario's own `ontimeout` jumps (survey keys, patience) are not errors.
      const errors = (errFile ? readFileSync(join(dir, errFile), 'utf8') : '')
        .split(/\n|(?=\d{4}-\d\d-\d\d\t)/)
        .filter((l) => l.trim() && !/Failed to delete FD from epoll|^The following events occurred|jumping to label|^\s*$/.test(l));
      if (code !== 0 && code !== 1 && stderr.trim()) errors.unshift(stderr.trim().split('\n').slice(-5).join(' | '));
      resolve({ ...stats(), code, errors: errors.slice(0, 200) });
    });
  });
  return {
    child,
    stats,
    done,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGUSR1');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await done.finally(() => clearTimeout(t));
    },
  };
}

function readStats(file: string): SippStats {
  if (!existsSync(file)) return EMPTY;
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  if (lines.length < 2) return EMPTY;
  const header = lines[0]!.split(';');
  const last = lines[lines.length - 1]!.split(';');
  const col = (name: string) => Number(last[header.indexOf(name)] ?? 0) || 0;
  const failures: Record<string, number> = {};
  header.forEach((h, i) => {
    if (h.startsWith('Failed') && h.endsWith('(C)') && h !== 'FailedCall(C)') {
      const n = Number(last[i]);
      if (n > 0) failures[h.slice(0, -3)] = n;
    }
  });
  return {
    created: col('TotalCallCreated'),
    current: col('CurrentCall'),
    successful: col('SuccessfulCall(C)'),
    failed: col('FailedCall(C)'),
    failures,
  };
}
