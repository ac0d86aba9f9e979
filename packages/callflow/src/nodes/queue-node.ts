import type { QueueNode } from '../ivr-schema.js';
import type { RunnableNode } from './runnable-node.js';
import { terminal } from './terminal.js';

/** The caller asks for a person: hand the call over to the queue (the ACD's part). */
export function queueNode(node: QueueNode): RunnableNode {
  const ticket = {
    queueId: node.queueId,
    priority: node.priority,
    ...(node.skill === undefined ? {} : { skill: node.skill }),
  };
  return terminal({
    kind: 'end',
    outcome: { type: 'queued', ...ticket },
    actions: [{ type: 'enqueue', ...ticket }],
  });
}
