import { VOICE_ROLLUP_SUMMED_COLUMNS } from '@hotline/db';
import { fromEpochMs, numberArray, textArray } from './pg-arrays.js';
import type { RollupDelta } from './rollup-delta.js';
import type { Statement } from './statement.js';

const SUMMED = VOICE_ROLLUP_SUMMED_COLUMNS;

const cols = SUMMED.map(([, c]) => c);
const valueCols = ['dim', 'dim_id', ...cols, 'wait_max_ms', 'answered_within'];
// One array per column: Postgres reads arrays of numbers far faster than a JSON document of rows.
const arrays = ['$1::bigint[]', '$2::text[]', '$3::text[]', ...cols.map((_, i) => `$${i + 4}::bigint[]`), `$${cols.length + 4}::integer[]`, `$${cols.length + 5}::jsonb[]`].join(', ');
const updates = [
  ...cols.map((c) => `${c} = voice_rollups.${c} + excluded.${c}`),
  'wait_max_ms = greatest(voice_rollups.wait_max_ms, excluded.wait_max_ms)',
  'answered_within = kpi_add_counts(voice_rollups.answered_within, excluded.answered_within)',
].join(', ');
const UPSERT = `insert into voice_rollups (interval_start, ${valueCols.join(', ')})
  select ${fromEpochMs('start_ms')}, ${valueCols.join(', ')} from unnest(${arrays}) as r(start_ms, ${valueCols.join(', ')})
  on conflict (dim, dim_id, interval_start) do update set ${updates}`;

const byKey = (a: RollupDelta, b: RollupDelta): number =>
  a.dim < b.dim ? -1 : a.dim > b.dim ? 1 : a.dimId < b.dimId ? -1 : a.dimId > b.dimId ? 1 : a.intervalStart - b.intervalStart;

/** The statement adding the deltas to their rollup rows (rows are created at zero); none without deltas. */
export function voiceRollupsStatement(deltas: readonly RollupDelta[]): Statement | undefined {
  if (deltas.length === 0) return undefined;
  const rows = [...deltas].sort(byKey);
  return {
    text: UPSERT,
    values: [
      numberArray(rows.map((d) => d.intervalStart)),
      textArray(rows.map((d) => d.dim)),
      textArray(rows.map((d) => d.dimId)),
      ...SUMMED.map(([field]) => numberArray(rows.map((d) => d.counters[field]))),
      numberArray(rows.map((d) => d.counters.waitMaxMs)),
      textArray(rows.map((d) => JSON.stringify(d.counters.answeredWithin))),
    ],
  };
}
