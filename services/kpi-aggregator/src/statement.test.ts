import { describe, expect, it } from 'vitest';
import { commitScriptOf, inlined } from './statement.js';

describe('statements as one script', () => {
  it('puts each value in place of its parameter, $10 not read as $1', () => {
    const values = Array.from({ length: 10 }, (_, i) => `v${i + 1}`);
    expect(inlined({ text: 'select $1::text, $10::text, $2', values })).toBe("select 'v1'::text, 'v10'::text, 'v2'");
  });

  it('doubles quotes, and writes a value with backslashes as an E literal with them doubled', () => {
    expect(inlined({ text: 'select $1', values: ["it's"] })).toBe("select 'it''s'");
    expect(inlined({ text: 'select $1', values: ['{"a\\"b"}'] })).toBe("select E'{\"a\\\\\"b\"}'");
    // A value that looks like a parameter stays as it is.
    expect(inlined({ text: 'select $1, $2', values: ['$2', 'x'] })).toBe("select '$2', 'x'");
  });

  it('refuses a parameter without a value', () => {
    expect(() => inlined({ text: 'select $2', values: ['x'] })).toThrow(/\$2/);
  });

  it('ends with the commit', () => {
    expect(commitScriptOf([])).toBe('commit');
    expect(commitScriptOf([{ text: 'select $1', values: ['a'] }, { text: 'select 2', values: [] }])).toBe("select 'a';\nselect 2;\ncommit");
  });
});
