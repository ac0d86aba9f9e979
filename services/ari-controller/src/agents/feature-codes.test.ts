import { AGENT_EVENT_TYPES } from '@hotline/acd';
import { describe, expect, it } from 'vitest';
import { FEATURE_CODES, featureEvent } from './feature-codes.js';

describe('feature codes', () => {
  it('map to agent state events the state machine knows', () => {
    for (const event of Object.values(FEATURE_CODES)) expect(AGENT_EVENT_TYPES).toContain(event.type);
  });
  it('unknown codes map to nothing', () => {
    expect(featureEvent('*99')).toBeNull();
    expect(featureEvent('*1')).toEqual({ type: 'sign_in' });
  });
});
