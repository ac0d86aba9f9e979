import type { IvrNode } from '../ivr-schema.js';
import { hangupNode } from './hangup-node.js';
import { hoursNode } from './hours-node.js';
import { menuNode } from './menu-node.js';
import { messageNode } from './message-node.js';
import { playNode } from './play-node.js';
import { queueNode } from './queue-node.js';
import type { RunnableNode } from './runnable-node.js';
import { transferNode } from './transfer-node.js';

/** From validated data to behaviour (jambonz's make_task). */
export function makeNode(node: IvrNode): RunnableNode {
  switch (node.type) {
    case 'play':
      return playNode(node);
    case 'menu':
      return menuNode(node);
    case 'hours':
      return hoursNode(node);
    case 'message':
      return messageNode(node);
    case 'queue':
      return queueNode(node);
    case 'transfer':
      return transferNode(node);
    case 'hangup':
      return hangupNode(node);
  }
}
