// Where an agent's time goes between two calls, from a load run's events (run.ts --events-log FILE):
//   npx tsx test/load/agent-cycle.ts FILE
// Per agent, each cycle ready -> reserved -> call.offered (the originate is sent) -> call.answered
// (the agent's leg is in the app) -> ready again, timed with the events' own stamps (not when they
// reached Postgres); percentiles over the run, and per 10 s of the run to see which gap grows first.
import { readFileSync } from 'node:fs';

interface Row {
  type: string;
  at: string;
  payload: { agentId?: string; from?: string; to?: string; party?: string };
}

const GAPS = ['ready → reserved', 'reserved → offered', 'offered → answered', 'answered → ready'] as const;
type Gap = (typeof GAPS)[number];

const file = process.argv[2];
if (!file) {
  console.error('usage: npx tsx test/load/agent-cycle.ts EVENTS_LOG (from run.ts --events-log)');
  process.exit(2);
}
const rows = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);
const t0 = Math.min(...rows.map((r) => Date.parse(r.at)));

/** Each agent's steps in time order: the state it entered, or an offer/answer of a call. */
const steps = new Map<string, { step: string; from?: string; at: number }[]>();
for (const r of rows) {
  const { agentId } = r.payload;
  if (!agentId) continue;
  const step = r.type === 'agent.state_changed' ? r.payload.to! : r.type === 'call.offered' ? 'offered' : r.type === 'call.answered' && r.payload.party === 'agent' ? 'answered' : null;
  if (!step) continue;
  const list = steps.get(agentId) ?? [];
  list.push({ step, ...(r.payload.from ? { from: r.payload.from } : {}), at: Date.parse(r.at) });
  steps.set(agentId, list);
}

const all = new Map<Gap, number[]>(GAPS.map((g) => [g, []]));
const byTen = new Map<number, Map<Gap, number[]>>();
function add(gap: Gap, startedAt: number, ms: number): void {
  all.get(gap)!.push(ms);
  const bucket = Math.floor((startedAt - t0) / 10_000) * 10;
  if (!byTen.has(bucket)) byTen.set(bucket, new Map(GAPS.map((g) => [g, []])));
  byTen.get(bucket)!.get(gap)!.push(ms);
}

for (const list of steps.values()) {
  list.sort((a, b) => a.at - b.at);
  let last: { step: string; at: number } | null = null;
  for (const s of list) {
    if (last?.step === 'ready' && s.step === 'reserved') add('ready → reserved', last.at, s.at - last.at);
    else if (last?.step === 'reserved' && s.step === 'offered') add('reserved → offered', last.at, s.at - last.at);
    else if (last?.step === 'offered' && s.step === 'answered') add('offered → answered', last.at, s.at - last.at);
    else if (last?.step === 'answered' && s.step === 'on_call') continue; // the answer's state change: the cycle goes on from the answer
    else if (last?.step === 'answered' && s.step === 'ready' && s.from === 'on_call') add('answered → ready', last.at, s.at - last.at);
    last = s;
  }
}

const pct = (values: number[], p: number) => {
  if (values.length === 0) return '-';
  const sorted = [...values].sort((a, b) => a - b);
  return String(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]);
};
console.log('| gap (ms) | count | p50 | p90 | p99 |\n|---|---|---|---|---|');
for (const gap of GAPS) {
  const v = all.get(gap)!;
  console.log(`| ${gap} | ${v.length} | ${pct(v, 0.5)} | ${pct(v, 0.9)} | ${pct(v, 0.99)} |`);
}
console.log(`\n| from (s) | ${GAPS.map((g) => `${g} p50 / p90`).join(' | ')} |\n|---|${GAPS.map(() => '---').join('|')}|`);
for (const [bucket, gaps] of [...byTen].sort((a, b) => a[0] - b[0])) {
  console.log(`| ${bucket} | ${GAPS.map((g) => `${pct(gaps.get(g)!, 0.5)} / ${pct(gaps.get(g)!, 0.9)}`).join(' | ')} |`);
}
