import { CALL_COLUMNS, INSTANTS, type CallRow } from './call-fold.js';
import { fromEpochMs, numberArray, textArray } from './pg-arrays.js';
import type { Statement } from './statement.js';

const PG_TYPE: Record<string, string> = {
  wait_ms: 'integer', offers: 'integer', rona_count: 'integer', talk_ms: 'integer', hold_ms: 'integer', acw_ms: 'integer',
  callback_requested: 'boolean', called_back: 'boolean', recorded: 'boolean', reviewed: 'boolean',
};
// Instants travel as epoch ms (bigint[]), every column as one array parameter.
const arrayType = (c: string): string => (INSTANTS.has(c) ? 'bigint' : (PG_TYPE[c] ?? 'text'));
const UPSERT_CALLS = `insert into calls (${CALL_COLUMNS.join(', ')}, updated_at)
  select ${CALL_COLUMNS.map((c) => (INSTANTS.has(c) ? fromEpochMs(c) : c)).join(', ')}, now()
    from unnest(${CALL_COLUMNS.map((c, i) => `$${i + 1}::${arrayType(c)}[]`).join(', ')}) as r(${CALL_COLUMNS.join(', ')})
  on conflict (call_id) do update set ${CALL_COLUMNS.filter((c) => c !== 'call_id').map((c) => `${c} = excluded.${c}`).join(', ')}, updated_at = now()`;

const booleanArray = (values: readonly boolean[]): string => `{${values.map((v) => (v ? 't' : 'f')).join(',')}}`;
function columnArray(rows: readonly CallRow[], c: (typeof CALL_COLUMNS)[number]): string {
  const type = arrayType(c);
  if (type === 'boolean') return booleanArray(rows.map((r) => r[c] as boolean));
  if (type === 'text') return textArray(rows.map((r) => r[c] as string | null));
  return numberArray(rows.map((r) => r[c] as number | null));
}

/** The statement upserting the touched calls' merged rows (none without rows). */
export function callRowsStatement(rows: readonly CallRow[]): Statement | undefined {
  return rows.length > 0 ? { text: UPSERT_CALLS, values: CALL_COLUMNS.map((c) => columnArray(rows, c)) } : undefined;
}

/** The statement recording the abandoned calls a missed-call callback reached (none without callbacks). */
export function missedCallCallbacksStatement(rows: readonly { callId: string; at: string }[]): Statement | undefined {
  if (rows.length === 0) return undefined;
  return {
    text: `insert into missed_call_callbacks (call_id, reached_at)
     select call_id, min(at) from unnest($1::text[], $2::timestamptz[]) as r(call_id, at) group by call_id
     on conflict (call_id) do update set reached_at = least(missed_call_callbacks.reached_at, excluded.reached_at)`,
    values: [textArray(rows.map((r) => r.callId)), textArray(rows.map((r) => r.at))],
  };
}
