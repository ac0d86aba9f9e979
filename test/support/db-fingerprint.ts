import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import pg from 'pg';

export interface DatabaseFingerprint {
  /** Per table of the public schema: its row count and the md5 of its rows' text, in text order. */
  tables: Record<string, { rows: number; md5: string }>;
  /** Per sequence: where it stands (a restored database must hand out the next ids, not old ones). */
  sequences: Record<string, string | null>;
}

/** Counts and checksums of every table and sequence: two databases with the same data agree on all of it. */
export async function fingerprintDatabase(url: string): Promise<DatabaseFingerprint> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: names } = await client.query<{ name: string }>(
      `select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    );
    const tables: DatabaseFingerprint['tables'] = {};
    for (const { name } of names) {
      const ident = client.escapeIdentifier(name);
      const { rows } = await client.query<{ rows: number; md5: string }>(
        `select count(*)::int as rows, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as md5 from ${ident} t`,
      );
      tables[name] = rows[0]!;
    }
    const { rows: seqs } = await client.query<{ name: string; last: string | null }>(
      `select sequencename as name, last_value::text as last from pg_sequences where schemaname = 'public' order by 1`,
    );
    return { tables, sequences: Object.fromEntries(seqs.map((s) => [s.name, s.last])) };
  } finally {
    await client.end();
  }
}

/** relative path -> sha256 of every file under `dir`. */
export async function fingerprintFiles(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = createHash('sha256').update(await readFile(path)).digest('hex');
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
