import { describe, expect, it } from 'vitest';
import type { Move, NodeContext } from './runnable-node.js';
import { terminal } from './terminal.js';

function ctx(now = 0, timezone = 'Asia/Shanghai'): NodeContext {
  let n = 0;
  return { nodeId: 'n', now, timezone, newId: (kind) => `${kind}-${++n}` };
}

describe('terminal', () => {
  const end: Move = { kind: 'end', outcome: { type: 'transferred', number: '12319' }, actions: [{ type: 'transfer', number: '12319' }] };
  const node = terminal(end);

  it('ends on entry, ignores input, cancels nothing', () => {
    expect(node.enter(ctx())).toBe(end);
    expect(node.onInput({ phase: 'playing', playbackId: 'x' }, { type: 'dtmf', digit: '1' }, ctx())).toEqual({ kind: 'ignore' });
    expect(node.cancel({ phase: 'playing', playbackId: 'x' })).toEqual([]);
  });
});
