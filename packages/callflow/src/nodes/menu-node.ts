import { isDtmfDigit } from '../digits.js';
import type { MenuNode } from '../ivr-schema.js';
import type { Move, NodeContext, RunnableNode } from './runnable-node.js';
import { IGNORE, after, recording, sameId } from './runnable-node.js';

/**
 * Prompt (interruptible) -> wait for one key -> branch. A wrong key or a
 * timeout is a failure; after `maxRetries` replays the next failure goes to
 * `onFailure`. Failures of both kinds share one count.
 */
export function menuNode(node: MenuNode): RunnableNode {
  const prompt = (ctx: NodeContext, prompts: readonly string[], failures: number): Move => {
    const id = ctx.newId('playback');
    return {
      kind: 'stay',
      cursor: { phase: 'prompting', playbackId: id, failures },
      actions: [{ type: 'play', id, prompts, interruptible: true }],
    };
  };

  const fail = (ctx: NodeContext, failures: number, why: 'invalid' | 'timeout'): Move => {
    const count = failures + 1;
    if (count > node.maxRetries) return { kind: 'goto', target: node.onFailure, actions: [] };
    const lead = why === 'invalid' ? node.invalidPrompt : (node.timeoutPrompt ?? []);
    return prompt(ctx, [...lead, ...node.prompts], count);
  };

  const key = (ctx: NodeContext, digit: string, failures: number): Move => {
    const target = isDtmfDigit(digit) ? node.options[digit] : undefined;
    return recording(
      [{ type: 'key', nodeId: ctx.nodeId, digit, accepted: target !== undefined, at: ctx.now }],
      target !== undefined ? { kind: 'goto', target, actions: [] } : fail(ctx, failures, 'invalid'),
    );
  };

  return {
    enter: (ctx) => prompt(ctx, node.prompts, 0),

    onInput(cursor, input, ctx) {
      if (cursor.phase === 'prompting') {
        if (input.type === 'dtmf') {
          return after([{ type: 'stop_playback', id: cursor.playbackId }], key(ctx, input.digit, cursor.failures));
        }
        if (input.type === 'prompt_done' && sameId(input.playbackId, cursor.playbackId)) {
          const id = ctx.newId('timer');
          return {
            kind: 'stay',
            cursor: { phase: 'waiting', timerId: id, failures: cursor.failures },
            actions: [{ type: 'start_timer', id, ms: Math.round(node.timeoutSec * 1000) }],
          };
        }
        return IGNORE;
      }
      if (cursor.phase === 'waiting') {
        if (input.type === 'dtmf') {
          return after([{ type: 'cancel_timer', id: cursor.timerId }], key(ctx, input.digit, cursor.failures));
        }
        if (input.type === 'timeout' && sameId(input.timerId, cursor.timerId)) {
          return recording([{ type: 'timeout', nodeId: ctx.nodeId, at: ctx.now }], fail(ctx, cursor.failures, 'timeout'));
        }
        return IGNORE;
      }
      return IGNORE;
    },

    cancel(cursor) {
      if (cursor.phase === 'prompting') return [{ type: 'stop_playback', id: cursor.playbackId }];
      if (cursor.phase === 'waiting') return [{ type: 'cancel_timer', id: cursor.timerId }];
      return [];
    },
  };
}
