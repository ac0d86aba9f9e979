import { describe, expect, it } from 'vitest';
import { diffTickets } from './history.js';

describe('diffTickets', () => {
  it('lists changed fields by value, ignoring version and updatedAt', () => {
    expect(
      diffTickets(
        { state: 'draft', version: 1, updatedAt: 1, dispatchTrail: ['a'], closedAt: undefined },
        { state: 'dispatched', version: 2, updatedAt: 2, dispatchTrail: ['a'], department: 'b' },
      ),
    ).toEqual([
      { field: 'department', from: undefined, to: 'b' },
      { field: 'state', from: 'draft', to: 'dispatched' },
    ]);
  });
  it('sees changes inside arrays and objects', () => {
    expect(diffTickets({ dispatchTrail: ['a'] }, { dispatchTrail: ['a', 'b'] })).toEqual([
      { field: 'dispatchTrail', from: ['a'], to: ['a', 'b'] },
    ]);
  });
});
