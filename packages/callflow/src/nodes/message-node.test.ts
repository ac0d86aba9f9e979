import { describe, expect, it } from 'vitest';
import { messageNode } from './message-node.js';
import type { NodeContext } from './runnable-node.js';

function ctx(now = 0, timezone = 'Asia/Shanghai'): NodeContext {
  let n = 0;
  return { nodeId: 'n', now, timezone, newId: (kind) => `${kind}-${++n}` };
}

const done = { type: 'prompt_done' } as const;
const cursor = { phase: 'playing', playbackId: 'playback-1' } as const;

describe('messageNode', () => {
  it('then a node id: goes back there', () => {
    const node = messageNode({ type: 'message', prompts: ['demo-thanks'], then: 'main' });
    expect(node.enter(ctx()).actions).toEqual([{ type: 'play', id: 'playback-1', prompts: ['demo-thanks'], interruptible: false }]);
    expect(node.onInput(cursor, done, ctx())).toEqual({ kind: 'goto', target: 'main', actions: [] });
  });

  it('then "hangup": hangs up with message_done', () => {
    const node = messageNode({ type: 'message', prompts: ['vm-goodbye'], then: 'hangup' });
    expect(node.onInput(cursor, done, ctx())).toEqual({
      kind: 'end',
      outcome: { type: 'hung_up', reason: 'message_done' },
      actions: [{ type: 'hangup', reason: 'message_done' }],
    });
  });

  it('ignores keys', () => {
    const node = messageNode({ type: 'message', prompts: ['x'], then: 'main' });
    expect(node.onInput(cursor, { type: 'dtmf', digit: '0' }, ctx())).toEqual({ kind: 'ignore' });
  });
});
