// Done-when 6 of the reliability issue: back up, restore into a fresh database, identical counts
// and checksums. Runs scripts/backup.sh and scripts/restore.sh as an operator would (make backup /
// make restore call them), on a throwaway database and recordings directory; no Asterisk needed.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { fingerprintDatabase, fingerprintFiles, type DatabaseFingerprint } from '../support/db-fingerprint.js';
import { REPO } from '../support/env.js';

const run = promisify(execFile);
const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe('backup then restore into a fresh database', () => {
  let source: TestDatabase;
  let work: string;
  let recordings: string;
  let backups: string;
  const restoredDbs: string[] = [];

  const env = (extra: Record<string, string> = {}) => ({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    BACKUP_DIR: backups,
    DATABASE_URL: source.url,
    RECORDINGS_DIR: recordings,
    ...extra,
  });
  const backup = (kind: string, day: string) => run('bash', [`${REPO}scripts/backup.sh`, kind], { env: env({ BACKUP_NOW: day }) });
  const restore = async (set: string | undefined, restoreDir: string) => {
    const name = `hotline_test_restore_${randomBytes(4).toString('hex')}`;
    restoredDbs.push(name);
    const result = await run('bash', [`${REPO}scripts/restore.sh`, ...(set ? [set] : [])], {
      env: env({ RESTORE_DB: name, RESTORE_RECORDINGS_DIR: restoreDir }),
    });
    const url = new URL(source.url);
    url.pathname = `/${name}`;
    return { name, url: url.toString(), stderr: result.stderr };
  };

  beforeAll(async () => {
    source = await createTestDatabase();
    work = await mkdtemp(join(tmpdir(), 'hotline-backup-'));
    recordings = join(work, 'recordings');
    backups = join(work, 'backups');
    await mkdir(recordings);
  });
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    for (const name of restoredDbs) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    await source?.drop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('monthly full + daily: each set restores to exactly what was there when it was made; unchanged recordings are linked, not copied', async () => {
    // Month start: a month of calls, events, tickets with history, recordings and their audit.
    const firstFiles = await seed(source, recordings, 'a', { calls: 3000, tickets: 150, recordings: 40 });
    await backup('full', '2026-11-01');
    const atFull: DatabaseFingerprint = await fingerprintDatabase(source.url);
    const filesAtFull = await fingerprintFiles(recordings);
    expect(Object.keys(filesAtFull)).toHaveLength(40);
    expect(atFull.tables.calls?.rows).toBe(3000);

    // The next day: new rows, changed rows (a legal hold, a ticket moved on), a purged recording.
    const secondFiles = await seed(source, recordings, 'b', { calls: 800, tickets: 30, recordings: 12 });
    await sql`update recordings set legal_hold = true, legal_hold_reason = '投诉复核', legal_hold_by = 'sup-1', legal_hold_at = now() where recording_id = 'rec-a-3'`.execute(source.db);
    await sql`update tickets set state = 'closed', version = version + 1 where id in (select id from tickets order by id limit 5)`.execute(source.db);
    await sql`update recordings set purged_at = now() where recording_id = 'rec-a-7'`.execute(source.db);
    await unlink(join(recordings, firstFiles[7]!));
    const { stderr: dailyLog } = await backup('daily', '2026-11-02');
    const atDaily = await fingerprintDatabase(source.url);
    const filesAtDaily = await fingerprintFiles(recordings);
    expect(atDaily.tables.calls?.rows).toBe(3800);
    const seeded = Object.entries(atDaily.tables).filter(([, t]) => t.rows > 0).map(([name]) => name);
    expect(seeded).toEqual(expect.arrayContaining(['api_users', 'call_events', 'calls', 'departments', 'recording_access_audit', 'recordings', 'ticket_history', 'tickets']));
    expect(atDaily).not.toEqual(atFull);

    // Incremental recordings: the daily set copied only the 12 new files and linked the rest.
    expect(dailyLog).toContain('recordings: 51 files');
    expect(dailyLog).toContain('12 new or changed (hashed), 39 unchanged (linked)');
    const unchanged = firstFiles[0]!;
    const [inFull, inDaily] = await Promise.all([stat(join(backups, 'full/2026-11/recordings', unchanged)), stat(join(backups, 'daily/2026-11-02/recordings', unchanged))]);
    expect(inDaily.ino).toBe(inFull.ino);
    const fresh = secondFiles[0]!;
    await expect(stat(join(backups, 'full/2026-11/recordings', fresh))).rejects.toThrow(/ENOENT/);

    // The newest set (the daily) into a new database and directory: identical counts and checksums.
    const latest = await restore(undefined, join(work, 'restored-latest'));
    expect(latest.stderr).toContain('daily/2026-11-02');
    expect(await fingerprintDatabase(latest.url)).toEqual(atDaily);
    expect(await fingerprintFiles(join(work, 'restored-latest'))).toEqual(filesAtDaily);

    // The monthly full restores the state of the 1st, including the recording purged since.
    const monthly = await restore('full/2026-11', join(work, 'restored-full'));
    expect(await fingerprintDatabase(monthly.url)).toEqual(atFull);
    const filesFull = await fingerprintFiles(join(work, 'restored-full'));
    expect(filesFull).toEqual(filesAtFull);
    expect(filesFull[firstFiles[7]!]).toBeDefined();

    // What the restored database is for: the services work on it (ids go on from where they were).
    const restored = new pg.Client({ connectionString: latest.url });
    await restored.connect();
    try {
      const { rows } = await restored.query<{ id: string }>(
        `insert into recording_access_audit (recording_id, action, allowed, http_status) values ('rec-a-1', 'play', true, 200) returning id::text`,
      );
      expect(Number(rows[0]!.id)).toBe(Number(atDaily.sequences.recording_access_audit_id_seq) + 1);
      await expect(restored.query(`update ticket_history set action = 'x'`)).rejects.toThrow(/append-only/);
    } finally {
      await restored.end();
    }
  });

  it('a damaged set or a used target is refused before any database is created', async () => {
    // Flip one byte of a recording only the daily set holds (not hard-linked to the full set).
    const target = join(backups, 'daily/2026-11-02/recordings', await someNewFile(backups));
    const bytes = await readFile(target);
    bytes[100] = bytes[100]! ^ 0xff;
    await writeFile(target, bytes);
    const damaged = restore('daily/2026-11-02', join(work, 'restored-damaged'));
    await expect(damaged).rejects.toMatchObject({ stderr: expect.stringContaining('do not match the set') });
    expect(await databaseExists(restoredDbs.at(-1)!)).toBe(false);

    // A dump that does not match its checksum is refused too.
    const dump = join(backups, 'full/2026-11/postgres.dump');
    const dumpBytes = await readFile(dump);
    dumpBytes[dumpBytes.length - 10] = dumpBytes[dumpBytes.length - 10]! ^ 0xff;
    await writeFile(dump, dumpBytes);
    await expect(restore('full/2026-11', join(work, 'restored-bad-dump'))).rejects.toMatchObject({
      stderr: expect.stringContaining('postgres.dump does not match its checksum'),
    });
    expect(await databaseExists(restoredDbs.at(-1)!)).toBe(false);

    // Restoring over an existing database (here: the source) is refused by name.
    const name = new URL(source.url).pathname.slice(1);
    await expect(
      run('bash', [`${REPO}scripts/restore.sh`], { env: env({ RESTORE_DB: name, RESTORE_RECORDINGS_DIR: join(work, 'unused') }) }),
    ).rejects.toMatchObject({ stderr: expect.stringContaining(`database ${name} already exists`) });
  });
});

describe('the newest backup set', () => {
  // CI once made a monthly full and a daily within one second; with created_at to the second the
  // tie went to the full set (the path sorts first) and a restore without a set picked the older one.
  it('is the latest created_at, and on a tie the latest set date', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hotline-sets-'));
    try {
      const set = async (path: string, createdAt: string, setDate: string) => {
        await mkdir(join(dir, path), { recursive: true });
        await writeFile(join(dir, path, 'INFO'), `kind=x\ncreated_at=${createdAt}\nset_date=${setDate}\n`);
      };
      const newest = async (exclude = '') =>
        (await run('bash', ['-c', `. ${REPO}scripts/backup-sets.sh && newest_backup_set "$1" "$2"`, 'sets', dir, exclude])).stdout.trim();
      await set('full/2026-11', '2026-11-02T10:11:24Z', '2026-11-01');
      await set('daily/2026-11-02', '2026-11-02T10:11:24Z', '2026-11-02');
      expect(await newest()).toBe(join(dir, 'daily/2026-11-02'));
      await set('daily/2026-11-03', '2026-11-02T10:11:24.000000001Z', '2026-11-03');
      expect(await newest()).toBe(join(dir, 'daily/2026-11-03'));
      expect(await newest(join(dir, 'daily/2026-11-03'))).toBe(join(dir, 'daily/2026-11-02'));
      await mkdir(join(dir, 'daily/2026-11-04')); // unfinished: no INFO
      expect(await newest()).toBe(join(dir, 'daily/2026-11-03'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** Rows like the services write them (Chinese text, nulls, JSON), and one WAV-sized file per recording row. */
async function seed(target: TestDatabase, recordingsDir: string, batch: string, n: { calls: number; tickets: number; recordings: number }): Promise<string[]> {
  const db = target.db;
  await sql`insert into departments (id, name) values (${`housing-${batch}`}, ${`住房和城乡建设局 ${batch}`})`.execute(db);
  await sql`insert into api_users (id, name, role, department_id) values
    (${`sup-${batch}`}, '值班长', 'supervisor', null), (${`dept-${batch}`}, '住建局', 'department', ${`housing-${batch}`})`.execute(db);
  await sql`
    insert into calls (call_id, caller, dialed, channel_id, arrived_at, queue_id, queued_at, answered_at, agent_id, wait_ms, ended_at, end_cause, talk_ms, survey)
    select ${`call-${batch}-`} || i, '138' || lpad(i::text, 8, '0'), '12345', ${`chan-${batch}-`} || i,
           t, case when i % 10 = 0 then null else 'general' end, t + interval '20 s',
           case when i % 7 = 0 then null else t + interval '20 s' + (i % 40) * interval '1 s' end,
           case when i % 7 = 0 then null else 'a' || (i % 30) end, case when i % 7 = 0 then null else (i % 40) * 1000 end,
           t + interval '5 min', 'Normal Clearing', (i % 300) * 1000, (array['satisfied', 'basically_satisfied', 'dissatisfied', null])[1 + i % 4]
      from generate_series(1, ${n.calls}::int) i, lateral (select timestamptz '2026-11-01 08:00+08' + i * interval '37 s' as t) x`.execute(db);
  await sql`
    insert into call_events (event_id, call_id, type, at, payload)
    select gen_random_uuid(), c.call_id, e.type, c.arrived_at + e.off, jsonb_build_object('type', e.type, 'callId', c.call_id, 'caller', c.caller)
      from calls c, (values ('call.arrived', interval '0'), ('call.queued', interval '20 s'), ('call.ended', interval '5 min')) e(type, off)
     where c.call_id like ${`call-${batch}-%`}`.execute(db);
  await sql`
    insert into tickets (id, doc, state, version, source, category, urgency, department, first_department, call_id, caller_number, caller_name, request, created_by, created_at, updated_at, next_due_kind, next_due_at)
    select gen_random_uuid(), jsonb_build_object('request', '小区噪音扰民 ' || i, 'tags', jsonb_build_array('噪音', i)), 'dispatched', 2, 'phone', 'complaint',
           case when i % 5 = 0 then 'urgent' else 'normal' end, ${`housing-${batch}`}, ${`housing-${batch}`}, ${`call-${batch}-`} || i,
           '138' || lpad(i::text, 8, '0'), '张' || i, E'夜间施工\\n噪音 ' || i, ${`sup-${batch}`},
           timestamptz '2026-11-01 09:00+08' + i * interval '3 min', timestamptz '2026-11-01 09:00+08' + i * interval '3 min', 'dept', timestamptz '2026-11-06 09:00+08'
      from generate_series(1, ${n.tickets}::int) i`.execute(db);
  await sql`
    insert into ticket_history (ticket_id, version, action, from_state, to_state, actor_id, actor_role, at, payload, changes)
    select t.id, v, case v when 1 then 'create' else 'dispatch' end, case v when 1 then null else 'new' end,
           case v when 1 then 'new' else 'dispatched' end, ${`sup-${batch}`}, 'supervisor', t.created_at + v * interval '1 min', '{}'::jsonb, '[]'::jsonb
      from tickets t, generate_series(1, 2) v where t.department = ${`housing-${batch}`}`.execute(db);

  const files: string[] = [];
  for (let i = 0; i < n.recordings; i++) {
    const path = `2026/11/${batch === 'a' ? '01' : '02'}/call-${batch}-${i + 1}.wav`;
    await mkdir(dirname(join(recordingsDir, path)), { recursive: true });
    const audio = randomBytes(20_000 + i * 97);
    await writeFile(join(recordingsDir, path), audio);
    await sql`insert into recordings (recording_id, call_id, agent_id, path, duration_ms, sample_rate, channels, sha256, stored_at, retention_until)
      values (${`rec-${batch}-${i}`}, ${`call-${batch}-${i + 1}`}, 'a1', ${path}, ${1000 + i}, 8000, 2,
              ${createHash('sha256').update(audio).digest('hex')}, now(), now() + interval '1095 days')`.execute(db);
    await sql`insert into recording_access_audit (recording_id, user_id, role, action, allowed, http_status, ip)
      values (${`rec-${batch}-${i}`}, ${`sup-${batch}`}, 'supervisor', 'play', ${i % 9 !== 0}, ${i % 9 === 0 ? 403 : 200}, '10.0.0.8')`.execute(db);
    files.push(path);
  }
  return files;
}

async function someNewFile(backups: string): Promise<string> {
  const manifest = await readFile(join(backups, 'daily/2026-11-02/recordings.sha256'), 'utf8');
  const line = manifest.split('\n').find((l) => l.includes('call-b-'));
  if (!line) throw new Error('no file of the second batch in the daily manifest');
  return line.slice(66);
}

async function databaseExists(name: string): Promise<boolean> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    return (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  } finally {
    await admin.end();
  }
}
