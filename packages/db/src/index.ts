export { createDb, createPgPool, type Db, type PoolOptions } from './pool.js';
export { migrateToLatest, SqlFileMigrationProvider } from './migrator.js';
export type { Database, CallEventsTable, CallsTable } from './schema.js';
export { AGENT_STATE_ROLLUP_ALL_COLUMNS, VOICE_ROLLUP_SUMMED_COLUMNS } from './rollup-columns.js';
