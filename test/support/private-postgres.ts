import { execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, migrateToLatest, type Db } from '@hotline/db';
import pg from 'pg';
import { freePort } from './free-port.js';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PrivatePostgres {
  /** The migrated `hotline` database of this cluster. */
  url: string;
  port: number;
  db: Db;
  /** Stops the cluster: 'fast' (clients disconnected, clean shutdown) or 'immediate' (like a crash). */
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

/** Data directories of clusters still running: stopped and removed if the test process exits first. */
const clusters = new Set<string>();
process.on('exit', () => {
  for (const data of clusters) {
    pgCtl(['stop', '-D', data, '-m', 'immediate'], true);
    rmSync(join(data, '..'), { recursive: true, force: true });
  }
});

/**
 * A PostgreSQL cluster of the test's own (never the machine's shared one, which other runs
 * use), in a temporary directory, trust auth on 127.0.0.1 and a private socket directory,
 * with one database `hotline` carrying every migration.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const root = mkdtempSync(join(tmpdir(), 'private-pg-'));
  const data = join(root, 'data');
  const sockets = join(root, 'sock');
  mkdirSync(sockets);
  chownSync(root, uid('postgres'), uid('postgres', 'g'));
  chownSync(sockets, uid('postgres'), uid('postgres', 'g'));
  asPostgres(`${BIN}/initdb`, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C.UTF-8']);
  const port = await freePort(5500, 5900);
  const start = () => {
    pgCtl(['start', '-D', data, '-w', '-t', '30', '-l', join(root, 'postgres.log'), '-o', `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1`]);
    clusters.add(data);
  };
  start();
  const url = `postgres://postgres@127.0.0.1:${port}/hotline`;
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('create database hotline');
  await admin.end();
  const db = createDb(url, 3);
  await migrateToLatest(db);
  return {
    url,
    port,
    db,
    stop(mode = 'fast') {
      pgCtl(['stop', '-D', data, '-w', '-m', mode]);
      clusters.delete(data);
    },
    start,
    async destroy() {
      await db.destroy().catch(() => undefined);
      pgCtl(['stop', '-D', data, '-m', 'immediate'], true);
      clusters.delete(data);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function pgCtl(args: string[], quiet = false): void {
  try {
    asPostgres(`${BIN}/pg_ctl`, args);
  } catch (err) {
    if (!quiet) throw err;
  }
}

/** initdb and pg_ctl refuse to run as root. */
function asPostgres(bin: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  execFileSync(asRoot ? 'runuser' : bin, asRoot ? ['-u', 'postgres', '--', bin, ...args] : args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function uid(user: string, kind: 'u' | 'g' = 'u'): number {
  return Number(execFileSync('id', [`-${kind}`, user], { encoding: 'utf8' }).trim());
}
