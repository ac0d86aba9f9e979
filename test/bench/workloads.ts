// The aggregator bench's workloads (test/bench/aggregator.ts, test/bench/write-batch.ts) and a
// process's CPU time, shared by both.
import { readFileSync } from 'node:fs';
import { generateTraffic, type GeneratedTraffic } from './event-generator.js';

/** October 2026 in Asia/Shanghai. */
export const MONTH_START = Date.UTC(2026, 8, 30, 16);
export const MONTH_END = Date.UTC(2026, 9, 31, 16);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 30);
const CALLS_PER_AGENT = Number(process.env.BENCH_CALLS_PER_AGENT ?? 100);

export interface Workload {
  name: string;
  traffic: GeneratedTraffic;
  /** The same shape over the period before (another seed): consumed first, untimed, so the timed run meets warm code. */
  warmup: GeneratedTraffic;
}

/** Two shapes of the same kind of traffic (test/bench/event-generator.ts). */
export function workloads(): Workload[] {
  const queues = ['q1', 'q2', 'q3'];
  const month = (from: number, spanMs: number, seed: number) =>
    generateTraffic({ from, spanMs, agents: AGENTS, callsPerAgent: CALLS_PER_AGENT, queues, tickets: 500, seed });
  const day = (from: number, seed: number) => generateTraffic({ from, spanMs: 86_400_000, agents: 60, callsPerAgent: 50, queues, tickets: 500, seed });
  const september = Date.UTC(2026, 7, 31, 16);
  const oct14 = Date.UTC(2026, 9, 13, 16);
  return [
    // As in the earlier runs: 100 calls per agent spread over a month, agents signed in all month
    // (each agent's ready time between calls spans ~30 quarter-hours of agent-time rollups).
    { name: 'month', traffic: month(MONTH_START, MONTH_END - MONTH_START, 1), warmup: month(september, MONTH_START - september, 11) },
    // A day of a 60-seat site: 50 calls per seat in 24 h (one every ~29 minutes).
    { name: 'day', traffic: day(oct14, 2), warmup: day(oct14 - 86_400_000, 12) },
  ];
}

const CLK_TCK = 100;
/** CPU time (user + system) of a process so far, in ms. */
export function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

