import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';

/**
 * Migrations are plain SQL files, `NNNN_name.sql`, applied in name order inside
 * Kysely's migrator (which takes a lock and records what ran in kysely_migration).
 */
export class SqlFileMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.folder)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
    const out: Record<string, Migration> = {};
    for (const file of files) {
      const text = await readFile(join(this.folder, file), 'utf8');
      out[file.replace(/\.sql$/, '')] = { up: async (db) => void (await sql.raw(text).execute(db)) };
    }
    return out;
  }
}

export const MIGRATIONS_DIR = new URL('../../../migrations/', import.meta.url).pathname;

export async function migrateToLatest(db: Kysely<any>, folder = MIGRATIONS_DIR): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: new SqlFileMigrationProvider(folder) });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
