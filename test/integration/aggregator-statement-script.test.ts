// The aggregator sends a batch's statements as one script with their values inlined
// (services/kpi-aggregator/src/statement.ts): the values must reach Postgres exactly as
// parameters would, whatever they hold.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textArray } from '../../services/kpi-aggregator/src/pg-arrays.js';
import { commitScriptOf } from '../../services/kpi-aggregator/src/statement.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

describe('statements inlined into one script', () => {
  let db: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query('create table script_probe (t text[], j jsonb)');
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('stores text arrays and JSON with quotes, backslashes, dollars and non-ASCII as the parameters would', async () => {
    const texts = [`it's`, 'back\\slash', 'quote"d', '$1', 'E\'x\'', '中文 ✓', 'tab\there', null];
    const json = JSON.stringify({ reason: `caller's "line"\\dropped`, n: 1 });
    const statement = { text: 'insert into script_probe (t, j) values ($1::text[], $2::jsonb)', values: [textArray(texts), json] };
    await client.query('begin');
    await client.query(commitScriptOf([statement, statement]));
    await client.query(statement.text, statement.values);
    const { rows } = await client.query<{ t: (string | null)[]; j: unknown }>('select t, j from script_probe');
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r.t).toEqual(texts);
      expect(r.j).toEqual(JSON.parse(json));
    }
  });

  it('stops at a failing statement: nothing of the script is committed', async () => {
    await client.query('delete from script_probe');
    await client.query('begin');
    const ok = { text: 'insert into script_probe (t) values ($1::text[])', values: ['{a}'] };
    const bad = { text: 'insert into script_probe (t) values ($1::text[])', values: ['not an array'] };
    await expect(client.query(commitScriptOf([ok, bad]))).rejects.toThrow(/malformed array literal/);
    await client.query('rollback');
    const { rows } = await client.query('select * from script_probe');
    expect(rows).toHaveLength(0);
  });
});
