import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
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

let nextPort = 5100;
/** Distinct SIP and media ports per SIPp process (they run side by side in a test). */
function ports(): { sip: number; media: number } {
  const sip = nextPort++;
  if (nextPort > 5400) nextPort = 5100;
  return { sip, media: 20000 + (sip - 5100) * 20 };
}

export interface SippOptions {
  scenario: string;
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
  const dir = mkdtempSync(join(tmpdir(), 'sipp-'));
  const { sip, media } = ports();
  const args = [
    ...(opts.target === undefined ? ['127.0.0.1:5060'] : opts.target ? [opts.target] : []),
    '-sf', join(REPO, 'test/sipp', opts.scenario),
    '-i', '127.0.0.1', '-p', String(sip), '-mp', String(media),
    '-m', String(opts.calls ?? 1), '-r', String(opts.rate ?? 10), '-l', String(opts.limit ?? opts.calls ?? 1),
    '-timeout', `${opts.timeoutSec ?? 60}s`, '-timeout_error',
    '-trace_err', '-trace_stat', '-stf', join(dir, 'stat.csv'), '-nostdin',
    ...(opts.service ? ['-s', opts.service] : []),
    ...Object.entries(opts.keys ?? {}).flatMap(([k, v]) => ['-key', k, v]),
    ...(opts.extraArgs ?? []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
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
