import { HANGUP_KEYWORD } from '../ivr-schema.js';
import type { MessageNode } from '../ivr-schema.js';
import { playPrompts } from './play-prompts.js';
import type { RunnableNode } from './runnable-node.js';

/** A self-service announcement, then hang up or go back to `then`. */
export function messageNode(node: MessageNode): RunnableNode {
  return playPrompts(node.prompts, () =>
    node.then === HANGUP_KEYWORD
      ? {
          kind: 'end',
          outcome: { type: 'hung_up', reason: 'message_done' },
          actions: [{ type: 'hangup', reason: 'message_done' }],
        }
      : { kind: 'goto', target: node.then, actions: [] },
  );
}
