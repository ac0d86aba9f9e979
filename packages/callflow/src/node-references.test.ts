import { describe, expect, it } from 'vitest';
import { ivrNodeSchema } from './ivr-schema.js';
import { nodeReferences } from './node-references.js';

const node = (input: unknown) => ivrNodeSchema.parse(input);

describe('nodeReferences', () => {
  it('play: next, without input', () => {
    expect(nodeReferences(node({ type: 'play', prompts: 'hello-world', next: 'a' }))).toEqual([
      { field: ['next'], target: 'a', via: 'auto' },
    ]);
  });

  it('menu: one edge per key plus onFailure', () => {
    const menu = node({
      type: 'menu',
      prompts: 'x',
      options: { '1': 'a', '#': 'b' },
      invalidPrompt: 'pbx-invalid',
      onFailure: 'bye',
    });
    expect(nodeReferences(menu)).toEqual([
      { field: ['options', '1'], target: 'a', via: 'key' },
      { field: ['options', '#'], target: 'b', via: 'key' },
      { field: ['onFailure'], target: 'bye', via: 'failure' },
    ]);
  });

  it('hours: open and closed, without input', () => {
    expect(nodeReferences(node({ type: 'hours', weekly: {}, open: 'o', closed: 'c' }))).toEqual([
      { field: ['open'], target: 'o', via: 'auto' },
      { field: ['closed'], target: 'c', via: 'auto' },
    ]);
  });

  it('message: then, unless it hangs up', () => {
    expect(nodeReferences(node({ type: 'message', prompts: 'x', then: 'main' }))).toEqual([
      { field: ['then'], target: 'main', via: 'auto' },
    ]);
    expect(nodeReferences(node({ type: 'message', prompts: 'x', then: 'hangup' }))).toEqual([]);
  });

  it('terminal nodes lead nowhere', () => {
    expect(nodeReferences(node({ type: 'queue', queueId: 'general' }))).toEqual([]);
    expect(nodeReferences(node({ type: 'transfer', number: '12319' }))).toEqual([]);
    expect(nodeReferences(node({ type: 'hangup' }))).toEqual([]);
  });
});
