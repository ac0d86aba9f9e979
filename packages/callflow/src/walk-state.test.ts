import { describe, expect, it } from 'vitest';
import { isEnded, lastAcceptedKey, outcomeOf, visitedNodes } from './walk-state.js';
import type { WalkState } from './walk-state.js';

const base: WalkState = {
  nodeId: 'survey',
  cursor: { phase: 'waiting', timerId: 'tm-2', failures: 0 },
  seq: 2,
  path: [
    { type: 'enter', nodeId: 'main', at: 1 },
    { type: 'key', nodeId: 'main', digit: '3', accepted: true, at: 2 },
    { type: 'enter', nodeId: 'survey', at: 3 },
    { type: 'key', nodeId: 'survey', digit: '2', accepted: true, at: 4 },
    { type: 'key', nodeId: 'survey', digit: '7', accepted: false, at: 5 },
  ],
};

describe('walk state helpers', () => {
  it('isEnded and outcomeOf read the ended cursor', () => {
    expect(isEnded(base)).toBe(false);
    expect(outcomeOf(base)).toBeUndefined();
    const ended: WalkState = { ...base, cursor: { phase: 'ended', outcome: { type: 'transferred', number: '12319' } } };
    expect(isEnded(ended)).toBe(true);
    expect(outcomeOf(ended)).toEqual({ type: 'transferred', number: '12319' });
  });

  it('lastAcceptedKey skips rejected keys and filters by node', () => {
    expect(lastAcceptedKey(base)).toBe('2');
    expect(lastAcceptedKey(base, 'main')).toBe('3');
    expect(lastAcceptedKey(base, 'other')).toBeUndefined();
    expect(lastAcceptedKey({ ...base, path: [] })).toBeUndefined();
  });

  it('visitedNodes lists entered nodes in order', () => {
    expect(visitedNodes(base)).toEqual(['main', 'survey']);
  });
});
