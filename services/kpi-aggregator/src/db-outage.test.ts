import { describe, expect, it } from 'vitest';
import { isDatabaseUnreachable, OutageBackoff } from './db-outage.js';

describe('isDatabaseUnreachable', () => {
  it('knows Postgres down from Postgres refusing the data', () => {
    const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });
    expect(isDatabaseUnreachable(coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe(true);
    expect(isDatabaseUnreachable(coded('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isDatabaseUnreachable(coded('57P03', 'the database system is starting up'))).toBe(true);
    expect(isDatabaseUnreachable(coded('08006'))).toBe(true);
    expect(isDatabaseUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnreachable(coded('22P05', 'unsupported Unicode escape sequence'))).toBe(false);
    expect(isDatabaseUnreachable(coded('23505', 'duplicate key value'))).toBe(false);
    expect(isDatabaseUnreachable(coded('57014', 'canceling statement due to statement timeout'))).toBe(false);
    expect(isDatabaseUnreachable(new Error('malformed event'))).toBe(false);
    expect(isDatabaseUnreachable(undefined)).toBe(false);
  });
});

describe('OutageBackoff', () => {
  it('doubles the pause per failed attempt up to the cap; failures during a pause add none', () => {
    const b = new OutageBackoff(250, 2000);
    expect(b.failed(0)).toBe(250);
    expect(b.failed(10)).toBe(0); // another job of the same batch
    expect(b.failed(250)).toBe(500);
    expect(b.failed(750)).toBe(1000);
    expect(b.failed(1750)).toBe(2000);
    expect(b.failed(3750)).toBe(2000);
    expect(b.succeeded(6000)).toBe(6000);
    expect(b.succeeded(7000)).toBeNull();
    expect(b.failed(8000)).toBe(250); // a new outage starts short again
  });
});
