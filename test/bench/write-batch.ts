// The aggregator's writer without BullMQ: each bench workload through writeBatch in batches of
// BATCH events (default 4,000), with the CPU time of this process and of its Postgres backend per
// event. For profiling the write path: `node --cpu-prof --import tsx test/bench/write-batch.ts`.
import { createPgPool } from '@hotline/db';
import { resolveVoiceSettings } from '@hotline/kpi';
import { prepareEvent, rawEventsOf } from '../../services/kpi-aggregator/src/raw-events.js';
import { writeBatch } from '../../services/kpi-aggregator/src/store.js';
import { createTestDatabase } from '../support/database.js';
import { cpuMsOf, workloads } from './workloads.js';

const BATCH = Number(process.env.BATCH ?? 4000);
const settings = resolveVoiceSettings({ timeZone: 'Asia/Shanghai' });

for (const { name, traffic } of workloads()) {
  const db = await createTestDatabase();
  const pool = createPgPool(db.url, 1);
  try {
    const { rows } = await pool.query<{ pid: number }>('select pg_backend_pid() as pid');
    const backend = rows[0]!.pid;
    const events = traffic.events.map(prepareEvent);
    const pg0 = cpuMsOf(backend);
    const node0 = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < events.length; i += BATCH) await writeBatch(pool, rawEventsOf(events.slice(i, i + BATCH)), settings);
    const seconds = (performance.now() - started) / 1000;
    const node = process.cpuUsage(node0);
    const perEvent = (ms: number) => ((1000 * ms) / events.length).toFixed(1);
    process.stdout.write(
      `${name}: ${events.length} events in ${seconds.toFixed(2)} s = ${Math.round(events.length / seconds)} events/s; ` +
        `CPU per event: this process ${perEvent((node.user + node.system) / 1000)} µs, Postgres ${perEvent(cpuMsOf(backend) - pg0)} µs\n`,
    );
  } finally {
    await pool.end();
    await db.drop();
  }
}
