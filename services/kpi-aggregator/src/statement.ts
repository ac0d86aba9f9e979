/**
 * One statement of a batch's writes with its parameters. Built with the batch's plan, so that
 * when the plan is made while the previous batch is written, turning tens of thousands of rows
 * into parameters is done by then too, not while Postgres waits for it. Every value is text
 * (array literals, JSON): Postgres casts it to the parameter's type in the statement.
 */
export interface Statement {
  text: string;
  values: string[];
}

/** A value as a SQL string literal (E'' with doubled backslashes when it has any, whatever standard_conforming_strings says). */
function literalOf(value: string): string {
  const quoted = value.includes("'") ? value.replaceAll("'", "''") : value;
  return value.includes('\\') ? `E'${quoted.replaceAll('\\', '\\\\')}'` : `'${quoted}'`;
}

/** The statement's text with each parameter `$n` replaced by its value as a literal. */
export function inlined({ text, values }: Statement): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const value = values[Number(n) - 1];
    if (value === undefined) throw new Error(`statement has no value for $${n}`);
    return literalOf(value);
  });
}

/**
 * The statements and the commit as one simple-protocol query: one round trip for the rest of a
 * batch's transaction. Sent one by one, Postgres waited after each statement until the
 * aggregator's event loop, busy planning the next batch (tens of ms of synchronous work), read
 * the reply and sent the next one. A failing statement stops the script before the commit.
 */
export function commitScriptOf(statements: readonly Statement[]): string {
  return [...statements.map(inlined), 'commit'].join(';\n');
}
