import type { PlayNode } from '../ivr-schema.js';
import { playPrompts } from './play-prompts.js';
import type { RunnableNode } from './runnable-node.js';

/** Prompts without interruption, then `next`. */
export function playNode(node: PlayNode): RunnableNode {
  return playPrompts(node.prompts, () => ({ kind: 'goto', target: node.next, actions: [] }));
}
