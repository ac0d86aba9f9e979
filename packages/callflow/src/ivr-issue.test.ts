import { describe, expect, it } from 'vitest';
import { formatIssue, formatIssuePath } from './ivr-issue.js';

describe('formatIssuePath', () => {
  it('joins keys and indexes with dots', () => {
    expect(formatIssuePath(['nodes', 'main', 'options', '3'])).toBe('nodes.main.options.3');
    expect(formatIssuePath(['nodes', 'h', 'holidays', 0])).toBe('nodes.h.holidays.0');
  });

  it('names the root', () => {
    expect(formatIssuePath([])).toBe('(root)');
  });
});

describe('formatIssue', () => {
  it('puts the path before the message', () => {
    expect(formatIssue({ severity: 'error', path: ['start'], message: 'unknown node "x"' })).toBe(
      'start: unknown node "x"',
    );
  });
});
