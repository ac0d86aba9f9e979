import type { Stack } from './stack.js';

/** Set as ADMIN_TOKEN in the stack's env: the API makes it a working admin key at start. */
export const E2E_ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';

/** Creates a user with a role and returns a fresh API key of theirs. */
export async function userToken(stack: Stack, id: string, role: 'agent' | 'supervisor' | 'admin' | 'qa'): Promise<string> {
  const admin = { authorization: `Bearer ${E2E_ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const user = await stack.api(`/admin/users/${id}`, { method: 'PUT', headers: admin, body: JSON.stringify({ name: id, role }) });
  if (user.status !== 200) throw new Error(`user ${id}: ${user.status} ${JSON.stringify(user.body)}`);
  const key = await stack.api<{ token: string }>(`/admin/users/${id}/keys`, { method: 'POST', headers: admin, body: JSON.stringify({ label: 'e2e' }) });
  if (key.status !== 201) throw new Error(`key for ${id}: ${key.status} ${JSON.stringify(key.body)}`);
  return key.body.token;
}

export const bearer = (token: string, json = false): Record<string, string> => ({
  authorization: `Bearer ${token}`,
  ...(json ? { 'content-type': 'application/json' } : {}),
});
