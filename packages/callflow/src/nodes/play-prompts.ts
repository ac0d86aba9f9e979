import type { Move, NodeContext, RunnableNode } from './runnable-node.js';
import { IGNORE, sameId } from './runnable-node.js';

/**
 * Plays prompts the caller cannot interrupt (keys are ignored), then does
 * `whenDone`. Shared by the play and message nodes.
 */
export function playPrompts(prompts: readonly string[], whenDone: (ctx: NodeContext) => Move): RunnableNode {
  return {
    enter(ctx) {
      const id = ctx.newId('playback');
      return {
        kind: 'stay',
        cursor: { phase: 'playing', playbackId: id },
        actions: [{ type: 'play', id, prompts, interruptible: false }],
      };
    },
    onInput(cursor, input, ctx) {
      if (cursor.phase !== 'playing') return IGNORE;
      if (input.type === 'prompt_done' && sameId(input.playbackId, cursor.playbackId)) return whenDone(ctx);
      return IGNORE;
    },
    cancel(cursor) {
      return cursor.phase === 'playing' ? [{ type: 'stop_playback', id: cursor.playbackId }] : [];
    },
  };
}
