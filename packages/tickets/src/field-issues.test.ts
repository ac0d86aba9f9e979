import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toFieldIssues } from './field-issues.js';

describe('toFieldIssues', () => {
  it('names the field in path and message', () => {
    const result = z.object({ a: z.object({ b: z.string() }) }).safeParse({ a: { b: 1 } });
    expect(result.success).toBe(false);
    if (!result.success) {
      const [issue] = toFieldIssues(result.error, ['fields']);
      expect(issue?.field).toBe('fields.a.b');
      expect(issue?.message.startsWith('fields.a.b: ')).toBe(true);
    }
  });
  it('uses (root) for issues on the whole value', () => {
    const result = z.string().safeParse(1);
    if (!result.success) expect(toFieldIssues(result.error)[0]?.field).toBe('(root)');
  });
});
