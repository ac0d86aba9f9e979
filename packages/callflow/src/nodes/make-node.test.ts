import { describe, expect, it } from 'vitest';
import { ivrNodeSchema } from '../ivr-schema.js';
import { makeNode } from './make-node.js';
import type { NodeContext } from './runnable-node.js';

function ctx(now = 0, timezone = 'Asia/Shanghai'): NodeContext {
  let n = 0;
  return { nodeId: 'n', now, timezone, newId: (kind) => `${kind}-${++n}` };
}

describe('makeNode', () => {
  it.each([
    [{ type: 'play', prompts: 'a', next: 'b' }, 'stay'],
    [{ type: 'menu', prompts: 'a', options: { '1': 'b' }, invalidPrompt: 'c', onFailure: 'b' }, 'stay'],
    [{ type: 'hours', weekly: {}, open: 'a', closed: 'b' }, 'goto'],
    [{ type: 'message', prompts: 'a', then: 'hangup' }, 'stay'],
    [{ type: 'queue', queueId: 'q' }, 'end'],
    [{ type: 'transfer', number: '12319' }, 'end'],
    [{ type: 'hangup' }, 'end'],
  ])('builds the behaviour for %j', (data, kind) => {
    expect(makeNode(ivrNodeSchema.parse(data)).enter(ctx()).kind).toBe(kind);
  });
});
