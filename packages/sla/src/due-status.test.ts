import { describe, expect, it } from 'vitest';
import { dueStatus, isOnTime } from './due-status.js';

describe('dueStatus', () => {
  const due = 1_000_000;
  it.each([
    [due - 10_001, 'ok'],
    [due - 10_000, 'soon'],
    [due - 1, 'soon'],
    [due, 'soon'],
    [due + 1, 'overdue'],
  ] as const)('now = %d -> %s', (now, status) => {
    expect(dueStatus(due, now, 10_000)).toBe(status);
  });
  it('soonMs 0 is ok until the due instant', () => {
    expect(dueStatus(due, due - 1, 0)).toBe('ok');
    expect(dueStatus(due, due, 0)).toBe('soon');
  });
});

describe('isOnTime', () => {
  it('is inclusive of the due instant', () => {
    expect(isOnTime(100, 100)).toBe(true);
    expect(isOnTime(100, 101)).toBe(false);
  });
});
