import { describe, expect, it } from 'vitest';
import { seatOfChannelName } from './directory.js';

describe('seatOfChannelName', () => {
  it('takes the endpoint out of a PJSIP channel name', () => {
    expect(seatOfChannelName('PJSIP/agent0001-0000002a')).toBe('agent0001');
    expect(seatOfChannelName('PJSIP/trunk-00000001')).toBe('trunk');
    expect(seatOfChannelName('Local/123@x-0001;1')).toBeNull();
  });
});
