import { newEvent, type HotlineEvent } from '@hotline/events';
import { describe, expect, it } from 'vitest';
import { prepareEvent } from './raw-events.js';

// What COPY's text format reads back from a field.
const unescape = (field: string): string => field.replace(/\\(.)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c));

describe('prepareEvent', () => {
  it('makes a COPY row whose fields read back as the event, tabs, newlines and backslashes included', () => {
    const event = newEvent('test', { type: 'call.arrived', callId: 'c\t1\\x', caller: 'tab\there\nnew "quoted" back\\slash \r', dialed: '12345', channelId: 'c1' }) as HotlineEvent;
    const p = prepareEvent({ ...event, eventId: event.eventId.toUpperCase() });
    expect(p.id).toBe(event.eventId.toLowerCase());
    expect(p.row.endsWith('\n')).toBe(true);
    const fields = p.row.slice(0, -1).split('\t');
    expect(fields).toHaveLength(5);
    expect(fields.slice(1, 4).map(unescape)).toEqual(['c\t1\\x', 'call.arrived', event.at]);
    expect(JSON.parse(unescape(fields[4]!))).toEqual({ ...event, eventId: event.eventId.toUpperCase() });
  });

  it('writes no call id as \\N', () => {
    const event = newEvent('test', { type: 'agent.state_changed', agentId: 'a1', from: 'ready', to: 'break' }) as HotlineEvent;
    expect(prepareEvent(event).row.split('\t')[1]).toBe('\\N');
  });
});
