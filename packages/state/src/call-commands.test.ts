import { describe, expect, it } from 'vitest';
import { CallCommand } from './call-commands.js';

describe('CallCommand', () => {
  it('transfers and consultations take a queue, an agent or an external number', () => {
    for (const target of [{ type: 'queue', queueId: 'b' }, { type: 'agent', agentId: 'a8' }, { type: 'external', number: '+8613900000000' }]) {
      expect(CallCommand.safeParse({ command: 'transfer', target }).success).toBe(true);
      expect(CallCommand.safeParse({ command: 'consult', target }).success).toBe(true);
    }
    expect(CallCommand.safeParse({ command: 'consult_complete' }).success).toBe(true);
    expect(CallCommand.safeParse({ command: 'consult_cancel' }).success).toBe(true);
  });

  it('an external number is digits with an optional +: nothing else can reach the dial string', () => {
    for (const number of ['12', '139-0000', '123@trunk', '123&PJSIP/x', '', '1'.repeat(21)]) {
      expect(CallCommand.safeParse({ command: 'transfer', target: { type: 'external', number } }).success, number).toBe(false);
    }
    expect(CallCommand.safeParse({ command: 'consult', target: { type: 'phone', number: '110' } }).success).toBe(false);
  });
});
