import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './env.js';

export interface SippRun {
  code: number | null;
  /** From SIPp's final statistics: calls that ended successfully / failed. */
  successful: number;
  failed: number;
  /** SIPp's error log, less its harmless epoll notices; empty on a clean run. */
  errors: string;
  stderr: string;
}

/** Every SIPp still running, so a failed test cannot leave a phone answering on a seat port. */
const live = new Set<SippProcess>();
process.on('exit', () => {
  for (const p of live) p.kill();
});

/** Stops every SIPp this process started (called by the stack's stop). */
export async function stopAllSipp(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop()));
}

let nextPort = 5100;
/** Distinct SIP and media ports per SIPp process (they run side by side in a test). */
function ports(): { sip: number; media: number } {
  const sip = nextPort++;
  if (nextPort > 5400) nextPort = 5100;
  return { sip, media: 20000 + (sip - 5100) * 20 };
}

export interface SippOptions {
  scenario: string;
  /** Replaces {{name}} in the scenario (pauses, digits: SIPp reads those from attributes, not -key). */
  vars?: Record<string, string | number>;
  /** Local SIP port (default: the next free one from a private range). */
  port?: number;
  /** -s: the number dialled (trunk) or the user part for UAS. */
  service?: string;
  keys?: Record<string, string>;
  calls?: number;
  rate?: number;
  limit?: number;
  timeoutSec?: number;
  target?: string;
  extraArgs?: string[];
}

/** Runs a SIPp scenario from test/sipp/ to completion on 127.0.0.1 and reads its statistics. */
export function runSipp(opts: SippOptions): Promise<SippRun> {
  return startSipp(opts).done;
}

export interface SippProcess {
  done: Promise<SippRun>;
  /** Ends a SIPp that runs until told (a UAS playing an agent's phone). */
  stop(): Promise<SippRun>;
  kill(): void;
}

/** Starts SIPp in the background: a UAS (`target: ''`) answering as an agent's softphone, or a caller. */
export function startSipp(opts: SippOptions): SippProcess {
  const dir = mkdtempSync(join(tmpdir(), 'sipp-'));
  const allocated = ports();
  const sip = opts.port ?? allocated.sip;
  const media = opts.port ? 30000 + (opts.port % 1000) * 20 : allocated.media;
  let scenario = readFileSync(join(REPO, 'test/sipp', opts.scenario), 'utf8');
  for (const [k, v] of Object.entries(opts.vars ?? {})) scenario = scenario.replaceAll(`{{${k}}}`, String(v));
  const unfilled = /\{\{(\w+)\}\}/.exec(scenario);
  if (unfilled) throw new Error(`${opts.scenario}: no value for {{${unfilled[1]}}}`);
  const scenarioFile = join(dir, opts.scenario);
  writeFileSync(scenarioFile, scenario);
  const args = [
    ...(opts.target === undefined ? ['127.0.0.1:5060'] : opts.target ? [opts.target] : []),
    '-sf', scenarioFile,
    '-i', '127.0.0.1', '-p', String(sip), '-mp', String(media),
    '-m', String(opts.calls ?? 1), '-r', String(opts.rate ?? 10), '-l', String(opts.limit ?? opts.calls ?? 1),
    '-timeout', `${opts.timeoutSec ?? 60}s`, '-timeout_error',
    '-trace_err', '-trace_stat', '-stf', join(dir, 'stat.csv'), '-nostdin',
    ...(opts.service ? ['-s', opts.service] : []),
    ...Object.entries(opts.keys ?? {}).flatMap(([k, v]) => ['-key', k, v]),
    ...(opts.extraArgs ?? []),
  ];
  const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const done = new Promise<SippRun>((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const stats = lastStats(join(dir, 'stat.csv'));
      const errFile = readdirSync(dir).find((f) => f.endsWith('_errors.log'));
      const errors = (errFile ? readFileSync(join(dir, errFile), 'utf8') : '')
        .split('\n')
        .filter((l) => l.trim() && !/Failed to delete FD from epoll|^The following events occurred/.test(l))
        .join('\n');
      resolve({ code, ...stats, errors, stderr });
    });
  });
  const handle: SippProcess = {
    done,
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGUSR1');
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      return done.finally(() => clearTimeout(t));
    },
    kill: () => void child.kill('SIGKILL'),
  };
  live.add(handle);
  void done.finally(() => live.delete(handle)).catch(() => undefined);
  return handle;
}

function lastStats(file: string): { successful: number; failed: number } {
  try {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const header = lines[0]!.split(';');
    const last = lines[lines.length - 1]!.split(';');
    const col = (name: string) => Number(last[header.indexOf(name)] ?? NaN);
    return { successful: col('SuccessfulCall(C)'), failed: col('FailedCall(C)') };
  } catch {
    return { successful: 0, failed: 0 };
  }
}
