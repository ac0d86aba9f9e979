// `make migrate`: applies migrations/ to DATABASE_URL, creating the database if it is missing.
import { loadConfig, createLogger } from '@hotline/config';
import pg from 'pg';
import { createDb } from './pool.js';
import { migrateToLatest } from './migrator.js';

const log = createLogger('migrate');
const { db: cfg } = loadConfig(['db']);

async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  u.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      await admin.query(`create database "${name.replaceAll('"', '""')}"`);
      log.info({ database: name }, 'created database');
    }
  } finally {
    await admin.end();
  }
}

await ensureDatabase(cfg.DATABASE_URL);
const db = createDb(cfg.DATABASE_URL, 1);
try {
  const { results } = await migrateToLatest(db);
  for (const r of results ?? []) log.info({ migration: r.migrationName, status: r.status }, 'migration');
  log.info({ applied: results?.length ?? 0 }, 'database is up to date');
} finally {
  await db.destroy();
}
