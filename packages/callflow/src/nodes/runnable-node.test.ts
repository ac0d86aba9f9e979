import { describe, expect, it } from 'vitest';
import { IGNORE, after, recording, sameId } from './runnable-node.js';
import type { Move } from './runnable-node.js';

const move: Move = {
  kind: 'goto',
  target: 'x',
  actions: [{ type: 'hangup', reason: 'hangup_node' }],
  record: [{ type: 'enter', nodeId: 'x', at: 2 }],
};

describe('runnable-node helpers', () => {
  it('sameId accepts the expected id or none', () => {
    expect(sameId('pb-1', 'pb-1')).toBe(true);
    expect(sameId(undefined, 'pb-1')).toBe(true);
    expect(sameId('pb-0', 'pb-1')).toBe(false);
  });

  it('after puts actions first', () => {
    expect(after([{ type: 'cancel_timer', id: 'tm-1' }], move).actions).toEqual([
      { type: 'cancel_timer', id: 'tm-1' },
      { type: 'hangup', reason: 'hangup_node' },
    ]);
  });

  it('recording puts journey entries first', () => {
    expect(recording([{ type: 'timeout', nodeId: 'm', at: 1 }], move).record).toEqual([
      { type: 'timeout', nodeId: 'm', at: 1 },
      { type: 'enter', nodeId: 'x', at: 2 },
    ]);
    expect(recording([{ type: 'timeout', nodeId: 'm', at: 1 }], { kind: 'goto', target: 'y', actions: [] }).record).toHaveLength(1);
  });

  it('IGNORE is the do-nothing transition', () => {
    expect(IGNORE).toEqual({ kind: 'ignore' });
  });
});
