import type { TransferNode } from '../ivr-schema.js';
import type { RunnableNode } from './runnable-node.js';
import { terminal } from './terminal.js';

/** Sends the call to an outside number. */
export function transferNode(node: TransferNode): RunnableNode {
  return terminal({
    kind: 'end',
    outcome: { type: 'transferred', number: node.number },
    actions: [{ type: 'transfer', number: node.number }],
  });
}
