import { isOpen } from '../business-hours.js';
import type { HoursNode } from '../ivr-schema.js';
import type { RunnableNode } from './runnable-node.js';
import { IGNORE } from './runnable-node.js';

/** Decides open/closed at the moment the call arrives here, on the site's local clock. */
export function hoursNode(node: HoursNode): RunnableNode {
  return {
    enter(ctx) {
      const open = isOpen(node, ctx.now, ctx.timezone);
      return {
        kind: 'goto',
        target: open ? node.open : node.closed,
        actions: [],
        record: [{ type: 'hours', nodeId: ctx.nodeId, open, at: ctx.now }],
      };
    },
    onInput: () => IGNORE,
    cancel: () => [],
  };
}
