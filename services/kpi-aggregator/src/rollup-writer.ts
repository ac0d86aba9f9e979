import { VOICE_ROLLUP_SUMMED_COLUMNS } from '@hotline/db';
import type pg from 'pg';
import type { RollupDelta } from './rollup-delta.js';

const SUMMED = VOICE_ROLLUP_SUMMED_COLUMNS;

const cols = SUMMED.map(([, c]) => c);
const insertCols = ['interval_start', 'dim', 'dim_id', ...cols, 'wait_max_ms', 'answered_within'].join(', ');
const recordType = ['interval_start timestamptz', 'dim text', 'dim_id text', ...cols.map((c) => `${c} bigint`), 'wait_max_ms integer', 'answered_within jsonb'].join(', ');
const updates = [
  ...cols.map((c) => `${c} = voice_rollups.${c} + excluded.${c}`),
  'wait_max_ms = greatest(voice_rollups.wait_max_ms, excluded.wait_max_ms)',
  'answered_within = kpi_add_counts(voice_rollups.answered_within, excluded.answered_within)',
].join(', ');
const UPSERT = `insert into voice_rollups (${insertCols})
  select ${insertCols} from jsonb_to_recordset($1::jsonb) as r(${recordType})
  on conflict (dim, dim_id, interval_start) do update set ${updates}`;

/** Adds the deltas to their rollup rows in one statement (rows are created at zero). */
export async function writeVoiceRollups(client: pg.ClientBase, deltas: readonly RollupDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const json = deltas.map((d) => {
    const row: Record<string, unknown> = {
      interval_start: new Date(d.intervalStart).toISOString(),
      dim: d.dim,
      dim_id: d.dimId,
      wait_max_ms: d.counters.waitMaxMs,
      answered_within: d.counters.answeredWithin,
    };
    for (const [field, col] of SUMMED) row[col] = d.counters[field];
    return row;
  });
  // Sorted keys: concurrent upserts then lock rows in one order.
  json.sort((a, b) => `${a.dim}${a.dim_id}${a.interval_start}`.localeCompare(`${b.dim}${b.dim_id}${b.interval_start}`));
  await client.query(UPSERT, [JSON.stringify(json)]);
}
