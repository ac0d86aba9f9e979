import { describe, expect, it } from 'vitest';
import { queueNode } from './queue-node.js';
import type { NodeContext } from './runnable-node.js';

function ctx(now = 0, timezone = 'Asia/Shanghai'): NodeContext {
  let n = 0;
  return { nodeId: 'n', now, timezone, newId: (kind) => `${kind}-${++n}` };
}

describe('queueNode', () => {
  it('enqueues with priority and skill', () => {
    expect(queueNode({ type: 'queue', queueId: 'general', priority: 1, skill: 'general' }).enter(ctx())).toStrictEqual({
      kind: 'end',
      outcome: { type: 'queued', queueId: 'general', priority: 1, skill: 'general' },
      actions: [{ type: 'enqueue', queueId: 'general', priority: 1, skill: 'general' }],
    });
  });

  it('leaves skill out when the node has none', () => {
    expect(queueNode({ type: 'queue', queueId: 'complaint', priority: 0 }).enter(ctx())).toStrictEqual({
      kind: 'end',
      outcome: { type: 'queued', queueId: 'complaint', priority: 0 },
      actions: [{ type: 'enqueue', queueId: 'complaint', priority: 0 }],
    });
  });
});
