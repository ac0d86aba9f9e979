/**
 * Production refuses default and placeholder secrets: a password found in the repository, a
 * compose file, a tutorial or a test must not guard a real hotline. Pure; loadConfig applies it
 * when NODE_ENV=production to the secrets of the sections a service asks for.
 */

/** Values that ship somewhere (docs, tests, images) or that anyone would try first. Compared case-insensitively. */
const KNOWN_DEFAULTS = new Set([
  'password', 'passw0rd', 'secret', 'admin', 'administrator', 'root', 'postgres', 'hotline', 'asterisk', 'default',
  'test', 'guest', 'letmein', 'qwerty', 'changeit', '123456', '12345678', '123456789', '1234567890',
  // The fixed admin tokens of the test suites (test/support/api-users.ts, test/integration/tickets-fixtures.ts).
  'e2e-admin-token-0123456789abcdef', 'test-admin-token-0123456789',
]);

/** Fragments that mark a value as a placeholder someone forgot to replace. */
const PLACEHOLDER = /change.?me|placeholder|example|your[-_ ]?(password|secret|token)|^x+$|^<.*>$|^\$\{.*\}$/i;

/** Why `value` may not be a production secret, or undefined when it may. */
export function weakSecretReason(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return 'empty';
  if (KNOWN_DEFAULTS.has(value.toLowerCase())) return 'a known default';
  if (PLACEHOLDER.test(value)) return 'a placeholder';
  if (new Set(value).size === 1) return 'a single repeated character';
  return undefined;
}

/** The password in a postgres:// URL (percent-decoded); undefined when it has none. */
export function databasePassword(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password === '' ? undefined : decodeURIComponent(password);
  } catch {
    return undefined;
  }
}
