// Array parameters as Postgres array literals, built in one pass: node-postgres's own
// conversion prepares and escapes every element on its own, a large part of the aggregator's
// CPU for the ~100,000 agent-time rollup rows of a month's events.

/** `{1,2,NULL}`: integers (epoch ms, counts) for a bigint[] or integer[] parameter. */
export function numberArray(values: readonly (number | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;
}

const quoted = (v: string): string => (v.includes('"') || v.includes('\\') ? `"${v.replace(/["\\]/g, '\\$&')}"` : `"${v}"`);

/**
 * `{"a","b\\"c",NULL}`: every element quoted, backslashes and quotes escaped. A value repeating
 * the one before it (an agent's or a state's rows come together) reuses its quoted form.
 */
export function textArray(values: readonly (string | null)[]): string {
  let last: string | null = null;
  let element = 'NULL';
  const elements = values.map((v) => {
    if (v !== last) {
      last = v;
      element = v === null ? 'NULL' : quoted(v);
    }
    return element;
  });
  return `{${elements.join(',')}}`;
}

/** SQL turning a bigint[] element of epoch ms into a timestamptz (exact to the millisecond). */
export const fromEpochMs = (expr: string): string => `(timestamptz 'epoch' + ${expr} * interval '1 millisecond')`;
