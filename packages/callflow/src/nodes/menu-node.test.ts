import { describe, expect, it } from 'vitest';
import type { MenuNode } from '../ivr-schema.js';
import { menuNode } from './menu-node.js';
import type { NodeContext } from './runnable-node.js';

function ctx(now = 0, timezone = 'Asia/Shanghai'): NodeContext {
  let n = 0;
  return { nodeId: 'n', now, timezone, newId: (kind) => `${kind}-${++n}` };
}

const data: MenuNode = {
  type: 'menu',
  prompts: ['menu'],
  options: { '1': 'one', '*': 'star' },
  timeoutSec: 4,
  maxRetries: 1,
  invalidPrompt: ['bad'],
  timeoutPrompt: ['slow'],
  onFailure: 'fail',
};
const node = menuNode(data);
const prompting = (failures = 0) => ({ phase: 'prompting', playbackId: 'pb-1', failures }) as const;
const waiting = (failures = 0) => ({ phase: 'waiting', timerId: 'tm-1', failures }) as const;

describe('menuNode', () => {
  it('enter plays the prompts, interruptible, with no failures yet', () => {
    expect(node.enter(ctx())).toEqual({
      kind: 'stay',
      cursor: { phase: 'prompting', playbackId: 'playback-1', failures: 0 },
      actions: [{ type: 'play', id: 'playback-1', prompts: ['menu'], interruptible: true }],
    });
  });

  it('prompt done: starts the timer', () => {
    expect(node.onInput(prompting(1), { type: 'prompt_done', playbackId: 'pb-1' }, ctx())).toEqual({
      kind: 'stay',
      cursor: { phase: 'waiting', timerId: 'timer-1', failures: 1 },
      actions: [{ type: 'start_timer', id: 'timer-1', ms: 4000 }],
    });
  });

  it('a bound key: stop or cancel first, record it, go', () => {
    expect(node.onInput(prompting(), { type: 'dtmf', digit: '*' }, ctx(7))).toEqual({
      kind: 'goto',
      target: 'star',
      actions: [{ type: 'stop_playback', id: 'pb-1' }],
      record: [{ type: 'key', nodeId: 'n', digit: '*', accepted: true, at: 7 }],
    });
    expect(node.onInput(waiting(), { type: 'dtmf', digit: '1' }, ctx())).toMatchObject({
      kind: 'goto',
      target: 'one',
      actions: [{ type: 'cancel_timer', id: 'tm-1' }],
    });
  });

  it('a wrong key: invalid prompt + menu; the last allowed failure goes to onFailure', () => {
    expect(node.onInput(waiting(0), { type: 'dtmf', digit: '2' }, ctx(3))).toEqual({
      kind: 'stay',
      cursor: { phase: 'prompting', playbackId: 'playback-1', failures: 1 },
      actions: [
        { type: 'cancel_timer', id: 'tm-1' },
        { type: 'play', id: 'playback-1', prompts: ['bad', 'menu'], interruptible: true },
      ],
      record: [{ type: 'key', nodeId: 'n', digit: '2', accepted: false, at: 3 }],
    });
    expect(node.onInput(waiting(1), { type: 'dtmf', digit: '2' }, ctx())).toMatchObject({ kind: 'goto', target: 'fail' });
  });

  it('a timeout: timeout prompt + menu, then onFailure', () => {
    expect(node.onInput(waiting(0), { type: 'timeout', timerId: 'tm-1' }, ctx(9))).toEqual({
      kind: 'stay',
      cursor: { phase: 'prompting', playbackId: 'playback-1', failures: 1 },
      actions: [{ type: 'play', id: 'playback-1', prompts: ['slow', 'menu'], interruptible: true }],
      record: [{ type: 'timeout', nodeId: 'n', at: 9 }],
    });
    expect(node.onInput(waiting(1), { type: 'timeout' }, ctx(9))).toEqual({
      kind: 'goto',
      target: 'fail',
      actions: [],
      record: [{ type: 'timeout', nodeId: 'n', at: 9 }],
    });
  });

  it('ignores stale and out-of-phase reports', () => {
    const ignore = { kind: 'ignore' };
    expect(node.onInput(prompting(), { type: 'prompt_done', playbackId: 'pb-0' }, ctx())).toEqual(ignore);
    expect(node.onInput(prompting(), { type: 'timeout' }, ctx())).toEqual(ignore);
    expect(node.onInput(waiting(), { type: 'timeout', timerId: 'tm-0' }, ctx())).toEqual(ignore);
    expect(node.onInput(waiting(), { type: 'prompt_done' }, ctx())).toEqual(ignore);
    expect(node.onInput({ phase: 'playing', playbackId: 'pb-1' }, { type: 'dtmf', digit: '1' }, ctx())).toEqual(ignore);
  });

  it('cancel stops the prompt or the timer', () => {
    expect(node.cancel(prompting())).toEqual([{ type: 'stop_playback', id: 'pb-1' }]);
    expect(node.cancel(waiting())).toEqual([{ type: 'cancel_timer', id: 'tm-1' }]);
    expect(node.cancel({ phase: 'playing', playbackId: 'x' })).toEqual([]);
  });
});
