import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { databasePassword, weakSecretReason } from './secrets.js';

const STRONG = 'Qm7rT2vX9kLp4sWz8nBc';
const production = { NODE_ENV: 'production' };
const strongEnv = {
  DATABASE_URL: `postgres://hotline:${STRONG}@db:5432/hotline`,
  ARI_PASSWORD: STRONG,
  SEAT_PASSWORD: `${STRONG}x`,
  ADMIN_TOKEN: `${STRONG}${STRONG}`,
};

describe('weakSecretReason', () => {
  it.each([
    [undefined, 'empty'],
    ['', 'empty'],
    ['   ', 'empty'],
    ['password', 'a known default'],
    ['Postgres', 'a known default'],
    ['e2e-admin-token-0123456789abcdef', 'a known default'],
    ['changeme', 'a placeholder'],
    ['please-change-me-now', 'a placeholder'],
    ['<POSTGRES_PASSWORD>', 'a placeholder'],
    ['${ARI_PASSWORD}', 'a placeholder'],
    ['your_password_here', 'a placeholder'],
    ['aaaaaaaaaaaaaaaa', 'a single repeated character'],
  ])('%j is %s', (value, reason) => {
    expect(weakSecretReason(value)).toBe(reason);
  });

  it('accepts a generated secret', () => {
    expect(weakSecretReason(STRONG)).toBeUndefined();
  });
});

describe('databasePassword', () => {
  it('reads and decodes the password of a URL', () => {
    expect(databasePassword('postgres://u:p%40ss@h/db')).toBe('p@ss');
  });
  it('is undefined without one', () => {
    expect(databasePassword('postgres://postgres@127.0.0.1:5432/hotline')).toBeUndefined();
  });
});

describe('loadConfig with NODE_ENV=production', () => {
  const sections = ['db', 'ari', 'asterisk', 'auth'] as const;

  it('starts with generated secrets', () => {
    expect(() => loadConfig(sections, { ...production, ...strongEnv })).not.toThrow();
  });

  it.each([
    ['DATABASE_URL', { DATABASE_URL: undefined }, /DATABASE_URL \(its password\): empty/],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://hotline:postgres@db/hotline' }, /DATABASE_URL \(its password\): a known default/],
    ['ARI_PASSWORD', { ARI_PASSWORD: 'changeme1' }, /ARI_PASSWORD: a placeholder/],
    ['ARI_PASSWORD', { ARI_PASSWORD: 'password' }, /ARI_PASSWORD: a known default/],
    ['SEAT_PASSWORD', { SEAT_PASSWORD: 'asterisk' }, /SEAT_PASSWORD: a known default/],
    ['ADMIN_TOKEN', { ADMIN_TOKEN: 'test-admin-token-0123456789' }, /ADMIN_TOKEN: a known default/],
  ])('refuses a weak %s, naming it', (_name, override, message) => {
    const run = () => loadConfig(sections, { ...production, ...strongEnv, ...override });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(message);
    expect(run).toThrow(/refused with NODE_ENV=production/);
  });

  it('names every weak secret at once', () => {
    const run = () => loadConfig(sections, { ...production, ARI_PASSWORD: 'password', SEAT_PASSWORD: 'changeme!', ADMIN_TOKEN: 'x'.repeat(20) });
    expect(run).toThrow(/DATABASE_URL[\s\S]*ARI_PASSWORD[\s\S]*SEAT_PASSWORD[\s\S]*ADMIN_TOKEN/);
  });

  it('lets ADMIN_TOKEN stay unset (no bootstrap admin)', () => {
    expect(() => loadConfig(sections, { ...production, ...strongEnv, ADMIN_TOKEN: undefined })).not.toThrow();
  });

  it('checks only the secrets of the sections a service loads (the aggregator has no ARI password)', () => {
    expect(() => loadConfig(['db', 'redis'], { ...production, DATABASE_URL: strongEnv.DATABASE_URL, ARI_PASSWORD: 'password' })).not.toThrow();
  });

  it('keeps development defaults outside production', () => {
    expect(() => loadConfig(sections, { ARI_PASSWORD: 'password', SEAT_PASSWORD: 'changeme!' })).not.toThrow();
  });
});
