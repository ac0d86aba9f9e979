import { VOICE_ROLLUP_SUMMED_COLUMNS } from '@hotline/db';
import type pg from 'pg';
import type { RollupDelta } from './rollup-delta.js';

const SUMMED = VOICE_ROLLUP_SUMMED_COLUMNS;

const cols = SUMMED.map(([, c]) => c);
const insertCols = ['interval_start', 'dim', 'dim_id', ...cols, 'wait_max_ms', 'answered_within'].join(', ');
// One array per column: Postgres reads arrays of numbers far faster than a JSON document of rows.
const arrays = ['$1::timestamptz[]', '$2::text[]', '$3::text[]', ...cols.map((_, i) => `$${i + 4}::bigint[]`), `$${cols.length + 4}::integer[]`, `$${cols.length + 5}::jsonb[]`].join(', ');
const updates = [
  ...cols.map((c) => `${c} = voice_rollups.${c} + excluded.${c}`),
  'wait_max_ms = greatest(voice_rollups.wait_max_ms, excluded.wait_max_ms)',
  'answered_within = kpi_add_counts(voice_rollups.answered_within, excluded.answered_within)',
].join(', ');
const UPSERT = `insert into voice_rollups (${insertCols})
  select * from unnest(${arrays})
  on conflict (dim, dim_id, interval_start) do update set ${updates}`;

/** Adds the deltas to their rollup rows in one statement (rows are created at zero). */
export async function writeVoiceRollups(client: pg.ClientBase, deltas: readonly RollupDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const rows = [...deltas].sort((a, b) => a.dim.localeCompare(b.dim) || a.dimId.localeCompare(b.dimId) || a.intervalStart - b.intervalStart);
  await client.query(UPSERT, [
    rows.map((d) => new Date(d.intervalStart).toISOString()),
    rows.map((d) => d.dim),
    rows.map((d) => d.dimId),
    ...SUMMED.map(([field]) => rows.map((d) => d.counters[field])),
    rows.map((d) => d.counters.waitMaxMs),
    rows.map((d) => JSON.stringify(d.counters.answeredWithin)),
  ]);
}
