/**
 * One statement of a batch's writes with its parameters. Built with the batch's plan, so that
 * when the plan is made while the previous batch is written, turning tens of thousands of rows
 * into parameters is done by then too, not while Postgres waits for it.
 */
export interface Statement {
  text: string;
  values: unknown[];
}
