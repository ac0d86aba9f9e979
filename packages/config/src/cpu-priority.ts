import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import type { Logger } from './logger.js';

export type PriorityOutcome = { applied: true; threads: number } | { applied: false; reason: string };

/**
 * Sets the nice value of every thread of this process (Linux keeps one per thread, and a thread
 * started later inherits its creator's). On a machine shared with Asterisk, whose hundreds of
 * runnable threads (one per channel) otherwise starve the controller's one event loop under load
 * (BENCHMARKS.md run 32g: 29.7 % completed at 60 calls/s at nice 0, 59 % at -10); and the
 * aggregator, whose work can wait, yields to both (run 34).
 * A value below 0 needs root or CAP_SYS_NICE: without it nothing changes and the reason says so.
 */
export function setProcessNice(nice: number): PriorityOutcome {
  let threads: number[];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    threads = [0]; // not Linux: the calling thread is the process
  }
  try {
    for (const tid of threads) setPriority(tid, nice);
    return { applied: true, threads: threads.length };
  } catch (err) {
    // Node's SystemError keeps the errno name in info.code (code is ERR_SYSTEM_ERROR).
    const code = (err as { info?: { code?: string } }).info?.code ?? '';
    const reason = code === 'EACCES' || code === 'EPERM' ? 'a nice value below 0 needs root or CAP_SYS_NICE' : (err as Error).message;
    return { applied: false, reason };
  }
}

/** Sets this process's nice value (`setProcessNice`) and logs what happened: refused is a warning with the reason. */
export function applyProcessNice(nice: number, log: Logger): void {
  const priority = setProcessNice(nice);
  if (priority.applied) log.info({ nice, threads: priority.threads }, 'CPU priority set');
  else log.warn({ nice, reason: priority.reason }, 'CPU priority not set; running at the inherited nice value');
}
