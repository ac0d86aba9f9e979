import type { Move, RunnableNode } from './runnable-node.js';
import { IGNORE } from './runnable-node.js';

/** A node that ends the IVR as soon as it is entered: nothing to wait for, nothing to cancel. */
export function terminal(transition: Move): RunnableNode {
  return { enter: () => transition, onInput: () => IGNORE, cancel: () => [] };
}
