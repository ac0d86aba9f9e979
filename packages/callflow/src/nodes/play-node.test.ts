import { describe, expect, it } from 'vitest';
import { playNode } from './play-node.js';
import type { NodeContext } from './runnable-node.js';

function ctx(now = 0, timezone = 'Asia/Shanghai'): NodeContext {
  let n = 0;
  return { nodeId: 'n', now, timezone, newId: (kind) => `${kind}-${++n}` };
}

describe('playNode', () => {
  const node = playNode({ type: 'play', prompts: ['hello-world'], next: 'main' });

  it('plays, then goes to next', () => {
    expect(node.enter(ctx()).actions).toEqual([{ type: 'play', id: 'playback-1', prompts: ['hello-world'], interruptible: false }]);
    expect(node.onInput({ phase: 'playing', playbackId: 'playback-1' }, { type: 'prompt_done' }, ctx())).toEqual({
      kind: 'goto',
      target: 'main',
      actions: [],
    });
  });
});
