import { describe, expect, it } from 'vitest';
import type { NodeContext } from './runnable-node.js';
import { transferNode } from './transfer-node.js';

function ctx(now = 0, timezone = 'Asia/Shanghai'): NodeContext {
  let n = 0;
  return { nodeId: 'n', now, timezone, newId: (kind) => `${kind}-${++n}` };
}

describe('transferNode', () => {
  it('transfers to the number', () => {
    expect(transferNode({ type: 'transfer', number: '+8675512345' }).enter(ctx())).toEqual({
      kind: 'end',
      outcome: { type: 'transferred', number: '+8675512345' },
      actions: [{ type: 'transfer', number: '+8675512345' }],
    });
  });
});
