import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

// bigint (COUNT, SUM) as JS numbers: our counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

/** A plain pg pool with the parsers above, for code that needs the driver itself (COPY, its own transactions). */
export function createPgPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  // A client losing its connection (Postgres stopped or restarted) must not crash the process:
  // idle ones report to the pool, and one in use also emits 'error' on itself after its query
  // failed ("Connection terminated unexpectedly"), which would be uncaught without a listener.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

export function createDb(connectionString: string, max = 10): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPgPool(connectionString, max) }) });
}
