import type { HangupNode } from '../ivr-schema.js';
import type { RunnableNode } from './runnable-node.js';
import { terminal } from './terminal.js';

export function hangupNode(_node: HangupNode): RunnableNode {
  return terminal({
    kind: 'end',
    outcome: { type: 'hung_up', reason: 'hangup_node' },
    actions: [{ type: 'hangup', reason: 'hangup_node' }],
  });
}
