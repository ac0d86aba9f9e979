import { describe, expect, it } from 'vitest';
import { numberArray, textArray } from './pg-arrays.js';

describe('array literals', () => {
  it('writes numbers and nulls', () => {
    expect(numberArray([1, -2, 1790000000123, null])).toBe('{1,-2,1790000000123,NULL}');
    expect(numberArray([])).toBe('{}');
  });

  it('quotes every text element and escapes quotes and backslashes', () => {
    expect(textArray(['a', 'NULL', 'x"y', 'back\\slash', '{,}', null, ''])).toBe('{"a","NULL","x\\"y","back\\\\slash","{,}",NULL,""}');
    expect(textArray([null, null, 'a', 'a', null, 'x"y', 'x"y', 'a'])).toBe('{NULL,NULL,"a","a",NULL,"x\\"y","x\\"y","a"}');
  });
});
