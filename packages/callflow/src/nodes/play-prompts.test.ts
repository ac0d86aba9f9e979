import { describe, expect, it } from 'vitest';
import { playPrompts } from './play-prompts.js';
import type { NodeContext } from './runnable-node.js';

function ctx(now = 0, timezone = 'Asia/Shanghai'): NodeContext {
  let n = 0;
  return { nodeId: 'n', now, timezone, newId: (kind) => `${kind}-${++n}` };
}

const node = playPrompts(['a', 'b'], () => ({ kind: 'goto', target: 'done', actions: [] }));

describe('playPrompts', () => {
  it('enter plays the prompts, not interruptible', () => {
    expect(node.enter(ctx())).toEqual({
      kind: 'stay',
      cursor: { phase: 'playing', playbackId: 'playback-1' },
      actions: [{ type: 'play', id: 'playback-1', prompts: ['a', 'b'], interruptible: false }],
    });
  });

  it('prompt_done of its playback (or of an unnamed one) runs whenDone', () => {
    const cursor = { phase: 'playing', playbackId: 'pb-1' } as const;
    expect(node.onInput(cursor, { type: 'prompt_done', playbackId: 'pb-1' }, ctx())).toEqual({ kind: 'goto', target: 'done', actions: [] });
    expect(node.onInput(cursor, { type: 'prompt_done' }, ctx())).toMatchObject({ kind: 'goto' });
  });

  it('ignores keys, timeouts, other playbacks and foreign cursors', () => {
    const cursor = { phase: 'playing', playbackId: 'pb-1' } as const;
    expect(node.onInput(cursor, { type: 'dtmf', digit: '1' }, ctx())).toEqual({ kind: 'ignore' });
    expect(node.onInput(cursor, { type: 'timeout' }, ctx())).toEqual({ kind: 'ignore' });
    expect(node.onInput(cursor, { type: 'prompt_done', playbackId: 'pb-9' }, ctx())).toEqual({ kind: 'ignore' });
    expect(node.onInput({ phase: 'waiting', timerId: 't', failures: 0 }, { type: 'prompt_done' }, ctx())).toEqual({ kind: 'ignore' });
  });

  it('cancel stops its playback', () => {
    expect(node.cancel({ phase: 'playing', playbackId: 'pb-1' })).toEqual([{ type: 'stop_playback', id: 'pb-1' }]);
    expect(node.cancel({ phase: 'ended', outcome: { type: 'cancelled', reason: 'x' } })).toEqual([]);
  });
});
