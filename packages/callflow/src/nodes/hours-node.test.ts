import { describe, expect, it } from 'vitest';
import { hoursNode } from './hours-node.js';
import type { NodeContext } from './runnable-node.js';

function ctx(now = 0, timezone = 'Asia/Shanghai'): NodeContext {
  let n = 0;
  return { nodeId: 'n', now, timezone, newId: (kind) => `${kind}-${++n}` };
}

describe('hoursNode', () => {
  const node = hoursNode({
    type: 'hours',
    weekly: { mon: [['08:00', '22:00']] },
    holidays: [],
    extraWorkdays: [],
    open: 'welcome',
    closed: 'closed',
  });
  const monday10 = Date.parse('2026-03-02T02:00:00Z'); // 10:00 in Shanghai

  it('goes to open or closed and records the decision', () => {
    expect(node.enter(ctx(monday10))).toEqual({
      kind: 'goto',
      target: 'welcome',
      actions: [],
      record: [{ type: 'hours', nodeId: 'n', open: true, at: monday10 }],
    });
    expect(node.enter(ctx(monday10, 'America/New_York'))).toMatchObject({ target: 'closed' });
  });

  it('never waits, so it ignores input and has nothing to cancel', () => {
    expect(node.onInput({ phase: 'ended', outcome: { type: 'cancelled', reason: 'x' } }, { type: 'timeout' }, ctx())).toEqual({ kind: 'ignore' });
    expect(node.cancel({ phase: 'playing', playbackId: 'x' })).toEqual([]);
  });
});
