import { HANGUP_KEYWORD } from './ivr-schema.js';
import type { IvrNode } from './ivr-schema.js';

/**
 * One edge of the IVR graph. `via` says what makes the walk take it:
 * - `auto`: no caller input (after a prompt, or a business-hours decision);
 * - `key`: the caller pressed a key;
 * - `failure`: a menu's retries ran out (wrong keys or silence).
 */
export type NodeReference = {
  readonly field: readonly string[];
  readonly target: string;
  readonly via: 'auto' | 'key' | 'failure';
};

/** The node ids a node can lead to, with the field each comes from. */
export function nodeReferences(node: IvrNode): NodeReference[] {
  switch (node.type) {
    case 'play':
      return [{ field: ['next'], target: node.next, via: 'auto' }];
    case 'menu':
      return [
        ...Object.entries(node.options).map(([digit, target]) => ({
          field: ['options', digit],
          target,
          via: 'key' as const,
        })),
        { field: ['onFailure'], target: node.onFailure, via: 'failure' },
      ];
    case 'hours':
      return [
        { field: ['open'], target: node.open, via: 'auto' },
        { field: ['closed'], target: node.closed, via: 'auto' },
      ];
    case 'message':
      return node.then === HANGUP_KEYWORD ? [] : [{ field: ['then'], target: node.then, via: 'auto' }];
    case 'queue':
    case 'transfer':
    case 'hangup':
      return [];
  }
}
