import { describe, expect, it } from 'vitest';
import { ivrNodeSchema, ivrSchema, nodeIdSchema, soundNameSchema } from './ivr-schema.js';

describe('ivrSchema defaults', () => {
  it('fills in the time zone, menu timing and queue priority', () => {
    const ivr = ivrSchema.parse({
      start: 'main',
      nodes: {
        main: { type: 'menu', prompts: 'hello-world', options: { '1': 'q' }, invalidPrompt: 'pbx-invalid', onFailure: 'q' },
        q: { type: 'queue', queueId: 'general' },
      },
    });
    expect(ivr.timezone).toBe('Asia/Shanghai');
    expect(ivr.nodes.main).toMatchObject({ timeoutSec: 5, maxRetries: 3, prompts: ['hello-world'], invalidPrompt: ['pbx-invalid'] });
    expect(ivr.nodes.q).toEqual({ type: 'queue', queueId: 'general', priority: 0 });
  });

  it('defaults holidays and extra working days of an hours node to none', () => {
    expect(ivrNodeSchema.parse({ type: 'hours', weekly: {}, open: 'a', closed: 'b' })).toEqual({
      type: 'hours',
      weekly: {},
      holidays: [],
      extraWorkdays: [],
      open: 'a',
      closed: 'b',
    });
  });
});

describe('node fields', () => {
  const ok = (input: unknown) => ivrNodeSchema.safeParse(input).success;

  it('prompts: a name or a non-empty list of names', () => {
    expect(ok({ type: 'play', prompts: 'custom/welcome', next: 'a' })).toBe(true);
    expect(ok({ type: 'play', prompts: ['digits/1', 'hello-world'], next: 'a' })).toBe(true);
    expect(ok({ type: 'play', prompts: [], next: 'a' })).toBe(false);
    expect(ok({ type: 'play', prompts: 42, next: 'a' })).toBe(false);
    expect(ok({ type: 'play', next: 'a' })).toBe(false);
  });

  it('menu keys are phone keys only', () => {
    const menu = (options: unknown) => ({ type: 'menu', prompts: 'x', options, invalidPrompt: 'x', onFailure: 'a' });
    expect(ok(menu({ '0': 'a', '9': 'a', '*': 'a', '#': 'a' }))).toBe(true);
    expect(ok(menu({ '10': 'a' }))).toBe(false);
    expect(ok(menu({ A: 'a' }))).toBe(false);
    expect(ok(menu({}))).toBe(false);
  });

  it('menu timing stays in range', () => {
    const menu = (extra: object) => ({ type: 'menu', prompts: 'x', options: { '1': 'a' }, invalidPrompt: 'x', onFailure: 'a', ...extra });
    expect(ok(menu({ timeoutSec: 0 }))).toBe(false);
    expect(ok(menu({ timeoutSec: 2.5 }))).toBe(true);
    expect(ok(menu({ maxRetries: 0 }))).toBe(true);
    expect(ok(menu({ maxRetries: -1 }))).toBe(false);
    expect(ok(menu({ maxRetries: 1.5 }))).toBe(false);
    expect(ok(menu({ invalidPrompt: undefined }))).toBe(false);
  });

  it('transfer numbers are digits with an optional +', () => {
    expect(ok({ type: 'transfer', number: '12319' })).toBe(true);
    expect(ok({ type: 'transfer', number: '+8675512345' })).toBe(true);
    expect(ok({ type: 'transfer', number: '0755-12345' })).toBe(false);
    expect(ok({ type: 'transfer', number: '12' })).toBe(false);
  });

  it('queue priority is a non-negative integer; skill is optional', () => {
    expect(ok({ type: 'queue', queueId: 'general', priority: 1, skill: 'general' })).toBe(true);
    expect(ok({ type: 'queue', queueId: 'general', priority: -1 })).toBe(false);
    expect(ok({ type: 'queue', queueId: '', priority: 0 })).toBe(false);
  });

  it('message then: "hangup" or a node id', () => {
    expect(ok({ type: 'message', prompts: 'x', then: 'hangup' })).toBe(true);
    expect(ok({ type: 'message', prompts: 'x', then: 'main' })).toBe(true);
    expect(ok({ type: 'message', prompts: 'x', then: '' })).toBe(false);
  });

  it('rejects unknown fields (a typo must not pass silently) and unknown types', () => {
    expect(ok({ type: 'play', prompts: 'x', next: 'a', nxt: 'b' })).toBe(false);
    expect(ok({ type: 'hangup', reason: 'x' })).toBe(false);
    expect(ok({ type: 'gather' })).toBe(false);
  });
});

describe('nodeIdSchema and soundNameSchema', () => {
  it.each(['main', 'q_general', 'self-service', 'm2'])('node id %s is fine', (id) => {
    expect(nodeIdSchema.safeParse(id).success).toBe(true);
  });
  it.each(['', '1main', 'a.b', 'a b', '_x'])('node id %j is not', (id) => {
    expect(nodeIdSchema.safeParse(id).success).toBe(false);
  });
  it.each(['hello-world', 'digits/1', 'custom/welcome', 'silence/1'])('sound %s is fine', (s) => {
    expect(soundNameSchema.safeParse(s).success).toBe(true);
  });
  it.each(['', '/etc/passwd', '../x', 'a//b', 'hello-world.gsm', 'sound:hello'])('sound %j is not', (s) => {
    expect(soundNameSchema.safeParse(s).success).toBe(false);
  });
});
