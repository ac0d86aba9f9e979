// Issue 8, security: the recording access audit and the ticket history are append-only. The
// triggers refuse UPDATE, DELETE and TRUNCATE to every role, superusers included; and a service
// role that owns the tables (a production install: not a superuser) holds no grant to change them.
import { randomBytes } from 'node:crypto';
import { createDb, migrateToLatest, type Db } from '@hotline/db';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TABLES = ['recording_access_audit', 'ticket_history'] as const;

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** One row in each audit table. */
async function seed(db: Db): Promise<void> {
  await db.insertInto('recording_access_audit').values({ recording_id: 'r1', user_id: 'sup1', role: 'supervisor', action: 'play', allowed: true, http_status: 200 }).execute();
  const ticket = '00000000-0000-4000-8000-000000000001';
  await sql`
    insert into tickets (id, doc, state, version, source, urgency, created_by, created_at, updated_at)
    values (${ticket}, '{}'::jsonb, 'draft', 1, 'phone', 'normal', 'agent1', now(), now())`.execute(db);
  await sql`
    insert into ticket_history (ticket_id, version, action, from_state, to_state, actor_id, actor_role, at, payload, changes)
    values (${ticket}, 1, 'create', null, 'draft', 'agent1', 'agent', now(), '{}'::jsonb, '[]'::jsonb)`.execute(db);
}

const count = async (db: Db, table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);

describe('append-only audit tables', () => {
  describe('as a superuser (the test databases\' owner): the triggers', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase();
      await seed(database.db);
    });
    afterAll(async () => database?.drop());

    it.each(TABLES)('%s refuses UPDATE, DELETE and TRUNCATE and keeps its rows', async (table) => {
      const db = database.db;
      await expect(sql`update ${sql.table(table)} set at = now()`.execute(db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from ${sql.table(table)}`.execute(db)).rejects.toThrow(/append-only/);
      await expect(sql`truncate ${sql.table(table)}`.execute(db)).rejects.toThrow(/append-only/);
      expect(await count(db, table)).toBe(1);
      // Appending still works.
      if (table === 'recording_access_audit') {
        await db.insertInto('recording_access_audit').values({ recording_id: 'r1', action: 'play', allowed: false, http_status: 401 }).execute();
        expect(await count(db, table)).toBe(2);
      }
    });
  });

  describe('as a non-superuser service role that owns the tables (production)', () => {
    const role = `hotline_svc_${randomBytes(4).toString('hex')}`;
    const name = `hotline_test_${randomBytes(4).toString('hex')}`;
    let db: Db;
    beforeAll(async () => {
      await admin(`create role ${role} login`);
      await admin(`create database ${name} owner ${role}`);
      const url = new URL(ADMIN_URL);
      url.username = role;
      url.pathname = `/${name}`;
      db = createDb(url.toString(), 2);
      await migrateToLatest(db);
      await seed(db);
    });
    afterAll(async () => {
      await db?.destroy();
      await admin(`drop database if exists ${name} with (force)`);
      await admin(`drop role if exists ${role}`);
    });

    it.each(TABLES)('%s: the owner may SELECT and INSERT but holds no UPDATE, DELETE or TRUNCATE grant', async (table) => {
      const privilege = async (p: string) =>
        (await sql<{ ok: boolean }>`select has_table_privilege(current_user, ${table}, ${p}) as ok`.execute(db)).rows[0]!.ok;
      expect({ select: await privilege('SELECT'), insert: await privilege('INSERT') }).toEqual({ select: true, insert: true });
      expect({ update: await privilege('UPDATE'), delete: await privilege('DELETE'), truncate: await privilege('TRUNCATE') }).toEqual({
        update: false,
        delete: false,
        truncate: false,
      });
      await expect(sql`update ${sql.table(table)} set at = now()`.execute(db)).rejects.toThrow(/permission denied/);
      await expect(sql`delete from ${sql.table(table)}`.execute(db)).rejects.toThrow(/permission denied/);
      expect(await count(db, table)).toBe(1);
    });
  });
});
