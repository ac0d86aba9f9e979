import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '@hotline/tickets';
import type { Executor } from './executor.js';

/** The user behind an unrevoked key of an active user, and when the key expires. */
export interface KeyOwner {
  readonly id: string;
  readonly role: Role;
  readonly department: string | null;
  readonly expiresAt: Date;
}

export function sha256Hex(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A fresh bearer token: 32 random bytes, prefixed so a leaked one is recognisable in logs and scanners. */
export function newToken(): string {
  return `hl_${randomBytes(32).toString('base64url')}`;
}

export async function findKeyOwner(db: Executor, token: string): Promise<KeyOwner | undefined> {
  const row = await db
    .selectFrom('api_keys as k')
    .innerJoin('api_users as u', 'u.id', 'k.user_id')
    .select(['u.id', 'u.role', 'u.department_id', 'k.expires_at'])
    .where('k.token_sha256', '=', sha256Hex(token))
    .where('k.revoked_at', 'is', null)
    .where('u.active', '=', true)
    .executeTakeFirst();
  return row && { id: row.id, role: row.role, department: row.department_id, expiresAt: row.expires_at };
}

export interface UserInput {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly department: string | null;
  readonly active: boolean;
}

export async function upsertUser(db: Executor, user: UserInput): Promise<void> {
  const values = { name: user.name, role: user.role, department_id: user.department, active: user.active };
  await db
    .insertInto('api_users')
    .values({ id: user.id, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
}

export async function listUsers(db: Executor) {
  return db
    .selectFrom('api_users')
    .select(['id', 'name', 'role', 'department_id as department', 'active', 'created_at as createdAt'])
    .orderBy('id')
    .execute();
}

export async function userExists(db: Executor, id: string): Promise<boolean> {
  return (await db.selectFrom('api_users').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** When a key issued now for `ttlDays` days expires. */
export function keyExpiry(ttlDays: number, now = Date.now()): Date {
  return new Date(now + ttlDays * 86_400_000);
}

/** Stores the hash of `token` for `userId`; the token itself is only ever shown once, to the caller. */
export async function addKey(db: Executor, userId: string, token: string, label: string | null, expiresAt: Date): Promise<string> {
  const row = await db
    .insertInto('api_keys')
    .values({ user_id: userId, token_sha256: sha256Hex(token), label, expires_at: expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listKeys(db: Executor, userId: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'label', 'created_at as createdAt', 'expires_at as expiresAt', 'revoked_at as revokedAt'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

/** `false` when there is no such key. */
export async function revokeKey(db: Executor, keyId: string): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('id', '=', keyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The bootstrap admin whose key is ADMIN_TOKEN. */
const BOOTSTRAP_ADMIN_ID = 'admin';

/**
 * Makes ADMIN_TOKEN work: the user `admin` exists, is active and holds an unrevoked key with
 * that token, valid for `ttlDays` from now. Run at every start, so the variable is the
 * operator's way back in (and a restart renews it; rotate the variable to retire a token).
 */
export async function ensureBootstrapAdmin(db: Executor, token: string, ttlDays: number): Promise<void> {
  const expiresAt = keyExpiry(ttlDays);
  await db.transaction().execute(async (trx) => {
    await upsertUser(trx, { id: BOOTSTRAP_ADMIN_ID, name: 'Administrator', role: 'admin', department: null, active: true });
    await trx
      .insertInto('api_keys')
      .values({ user_id: BOOTSTRAP_ADMIN_ID, token_sha256: sha256Hex(token), label: 'ADMIN_TOKEN', expires_at: expiresAt })
      .onConflict((oc) => oc.column('token_sha256').doUpdateSet({ user_id: BOOTSTRAP_ADMIN_ID, revoked_at: null, expires_at: expiresAt }))
      .execute();
  });
}
