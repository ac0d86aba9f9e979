// CONTROLLER_NICE / AGGREGATOR_NICE: a service sets the nice value of every one of its threads (Linux
// keeps one per thread), V8's and libuv's included, not only the calling one. Real processes, read from /proc.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/env.js';
import { startStack } from '../support/stack.js';

/** Field 19 of /proc/PID/task/TID/stat, after the parenthesised command name. */
function threadNices(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

/**
 * A Node process that calls setProcessNice(nice), prints the outcome and waits to be looked at.
 * With `uid`, it gives up root for that user first, after loading the module: a checkout the user
 * cannot read (a private temporary clone) must not fail the test.
 */
async function withNice(nice: number, uid?: number): Promise<{ outcome: { applied: boolean; threads?: number; reason?: string }; nices: number[] }> {
  const drop = uid === undefined ? '' : `process.setgid(${uid}); process.setuid(${uid});`;
  const script = `import { setProcessNice } from './packages/config/src/cpu-priority.ts';
    ${drop} console.log(JSON.stringify(setProcessNice(${nice}))); setInterval(() => undefined, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    return { outcome: JSON.parse(line), nices: threadNices(child.pid!) };
  } finally {
    child.kill();
  }
}

/** CAP_SYS_NICE (bit 23) in this process' effective set: root in a container may lack it. */
function maySetNegativeNice(): boolean {
  const eff = /CapEff:\s*([0-9a-f]+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return eff !== undefined && (BigInt(`0x${eff}`) >> 23n) % 2n === 1n;
}

describe('setProcessNice', () => {
  it('a lower priority (any user may ask) reaches every thread of the process', async () => {
    const { outcome, nices } = await withNice(7);
    expect(outcome).toMatchObject({ applied: true });
    expect(nices.length).toBeGreaterThan(1);
    expect(new Set(nices)).toEqual(new Set([7]));
  });

  it.runIf(maySetNegativeNice())('a higher priority than Asterisk\'s (CAP_SYS_NICE) reaches every thread', async () => {
    const { outcome, nices } = await withNice(-10);
    expect(outcome).toMatchObject({ applied: true });
    expect(new Set(nices)).toEqual(new Set([-10]));
  });

  it.runIf(process.getuid?.() === 0)('without the right to (an unprivileged user), nothing changes and the reason says why', async () => {
    const { outcome, nices } = await withNice(-10, 65534);
    expect(outcome).toEqual({ applied: false, reason: 'a nice value below 0 needs root or CAP_SYS_NICE' });
    expect(new Set(nices)).toEqual(new Set([0]));
  });
});

describe('the aggregator', () => {
  it('runs behind Asterisk and the controller: AGGREGATOR_NICE, 10 by default, on every thread', async () => {
    const stack = await startStack({ services: ['kpi-aggregator'], asterisk: false });
    try {
      const aggregator = stack.services.get('kpi-aggregator')!;
      expect(new Set(threadNices(aggregator.child.pid!))).toEqual(new Set([10]));
      expect(aggregator.logs.find((l) => l.msg === 'CPU priority set')).toMatchObject({ nice: 10 });
    } finally {
      await stack.stop();
    }
  });
});
