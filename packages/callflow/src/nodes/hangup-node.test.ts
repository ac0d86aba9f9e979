import { describe, expect, it } from 'vitest';
import { hangupNode } from './hangup-node.js';
import type { NodeContext } from './runnable-node.js';

function ctx(now = 0, timezone = 'Asia/Shanghai'): NodeContext {
  let n = 0;
  return { nodeId: 'n', now, timezone, newId: (kind) => `${kind}-${++n}` };
}

describe('hangupNode', () => {
  it('hangs up with hangup_node', () => {
    expect(hangupNode({ type: 'hangup' }).enter(ctx())).toEqual({
      kind: 'end',
      outcome: { type: 'hung_up', reason: 'hangup_node' },
      actions: [{ type: 'hangup', reason: 'hangup_node' }],
    });
  });
});
