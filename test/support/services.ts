import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { REPO } from './env.js';

export type ServiceName = 'ari-controller' | 'kpi-aggregator' | 'api';

/** The log line (pino `msg`) each service prints once it is ready. */
const READY: Record<ServiceName, RegExp> = {
  'ari-controller': /^ARI websocket connected$/,
  'kpi-aggregator': /^consuming events$/,
  api: /^Server listening at /,
};

/** A service's own Node flags (services/NAME/node-flags, '#' lines are comments), as every launcher reads them. */
function nodeFlagsOf(name: ServiceName): string[] {
  const file = `${REPO}services/${name}/node-flags`;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .flatMap((line) => line.split(/\s+/))
    .filter((flag) => flag !== '');
}

export interface RunningService {
  name: ServiceName;
  child: ChildProcess;
  /** Every parsed JSON log line so far (tests assert on errors and warnings). */
  logs: Record<string, unknown>[];
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts a service the way production does (node + tsx) and waits for its ready line. */
export async function startService(name: ServiceName, env: Record<string, string>, timeoutMs = 30_000, nodeArgs: readonly string[] = []): Promise<RunningService> {
  const child = spawn(process.execPath, [...nodeFlagsOf(name), ...nodeArgs, '--import', 'tsx', `services/${name}/src/main.ts`], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (process.env.TEST_SERVICE_LOGS) process.stderr.write(`[${name}] ${line}\n`);
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (typeof entry.msg === 'string' && READY[name].test(entry.msg)) markReady();
    } catch {
      // a non-JSON line (ari-client's swagger warning)
    }
  });
  // The last stderr lines: a service that dies before its logger is up (a crash in loading, a bad flag) says why only there.
  const stderrTail: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (process.env.TEST_SERVICE_LOGS) process.stderr.write(`[${name}!] ${line}\n`);
    stderrTail.push(line);
    if (stderrTail.length > 10) stderrTail.shift();
  });
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    ready.then(() => 'ready' as const),
    exited.then(() => 'exited' as const),
    new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (outcome !== 'ready') {
    child.kill('SIGKILL');
    throw new Error(
      `${name} did not become ready (${outcome === 'exited' ? `exited with ${child.exitCode ?? child.signalCode}` : `no ready line in ${timeoutMs} ms`}); ` +
        `last logs: ${JSON.stringify(logs.slice(-5))}; stderr: ${JSON.stringify(stderrTail)}`,
    );
  }
  return {
    name,
    child,
    logs,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** pino level 50+ (error, fatal) lines: a clean run has none. */
export function errorLines(service: RunningService): Record<string, unknown>[] {
  return service.logs.filter((l) => typeof l.level === 'number' && l.level >= 50);
}
