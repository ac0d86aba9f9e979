import { newEvent, type HotlineEvent } from '@hotline/events';
import { describe, expect, it } from 'vitest';
import { copyRowOf, prepareEvent, rawEventsOf } from './raw-events.js';

// What COPY's text format reads back from a field.
const unescape = (field: string): string => field.replace(/\\(.)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c));

describe('copyRowOf', () => {
  it('makes a COPY row whose fields read back as the event, tabs, newlines and backslashes included', () => {
    const event = newEvent('test', { type: 'call.arrived', callId: 'c\t1\\x', caller: 'tab\there\nnew "quoted" back\\slash \r', dialed: '12345', channelId: 'c1' }) as HotlineEvent;
    const row = copyRowOf({ ...event, eventId: event.eventId.toUpperCase() });
    expect(row.endsWith('\n')).toBe(true);
    const fields = row.slice(0, -1).split('\t');
    expect(fields).toHaveLength(5);
    expect(fields.slice(1, 4).map(unescape)).toEqual(['c\t1\\x', 'call.arrived', event.at]);
    expect(JSON.parse(unescape(fields[4]!))).toEqual({ ...event, eventId: event.eventId.toUpperCase() });
  });

  it('writes no call id as \\N', () => {
    const event = newEvent('test', { type: 'agent.state_changed', agentId: 'a1', from: 'ready', to: 'break' }) as HotlineEvent;
    expect(copyRowOf(event).split('\t')[1]).toBe('\\N');
  });
});

describe('rawEventsOf', () => {
  it('keeps each event id once, whatever its case, and encodes their rows in order, past the first buffer and beyond ASCII', () => {
    const events = Array.from({ length: 40 }, (_, i) =>
      newEvent('test', { type: 'call.arrived', callId: `c${i}`, caller: '来电'.repeat(200 * (i % 3)), dialed: '12345', channelId: 'c1' }) as HotlineEvent,
    );
    const batch = [...events, { ...events[3]!, eventId: events[3]!.eventId.toUpperCase() }].map(prepareEvent);
    const raw = rawEventsOf(batch);
    expect(raw.unique.map((p) => p.id)).toEqual(events.map((e) => e.eventId.toLowerCase()));
    expect(raw.copy.toString('utf8')).toBe(raw.unique.map((p) => copyRowOf(p.event)).join(''));
    expect(raw.copy.length).toBeGreaterThan(40 * 512); // it outgrew the first buffer
  });
});
