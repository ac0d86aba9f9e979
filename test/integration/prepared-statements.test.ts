// createDb(..., { prepareStatements: true }), as the API runs: Kysely's queries become named
// prepared statements of their connection, at most 200 per connection, with the same results.
import { createDb, type Db } from '@hotline/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

describe('prepared statements (API pool)', () => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb(database.url, 1, { prepareStatements: true });
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const preparedOnConnection = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(db)).rows[0]!.n;

  it('prepares a query once and runs it again with other values', async () => {
    await db.insertInto('calls').values([{ call_id: 'p1', caller: '1' }, { call_id: 'p2', caller: '2' }]).execute();
    const caller = (id: string) => db.selectFrom('calls').select('caller').where('call_id', '=', id).executeTakeFirst();
    expect(await caller('p1')).toEqual({ caller: '1' });
    const before = await preparedOnConnection();
    expect(await caller('p2')).toEqual({ caller: '2' });
    expect(await caller('none')).toBeUndefined();
    expect(await preparedOnConnection()).toBe(before);
  });

  it('a statement that fails to prepare fails each time with its own error, and the connection goes on', async () => {
    const bad = () => sql`select no_such_column from calls where call_id = ${'p1'}`.execute(db);
    await expect(bad()).rejects.toThrow(/no_such_column/);
    await expect(bad()).rejects.toThrow(/no_such_column/);
    expect((await sql<{ v: number }>`select ${41}::int + 1 as v`.execute(db)).rows).toEqual([{ v: 42 }]);
  });

  it('keeps at most 200 texts prepared on a connection; later texts still run, unnamed', async () => {
    for (let i = 0; i < 250; i++) {
      const { rows } = await sql<{ v: number }>`select ${i}::int + ${sql.raw(String(i))} as v`.execute(db);
      expect(rows).toEqual([{ v: 2 * i }]);
    }
    // 200 names taken, one of them by the statement that failed above.
    expect(await preparedOnConnection()).toBe(199);
  });
});
