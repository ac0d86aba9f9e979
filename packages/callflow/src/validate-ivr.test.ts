import { describe, expect, it } from 'vitest';
import { formatIssue } from './ivr-issue.js';
import { ivrSchema } from './ivr-schema.js';
import type { Ivr } from './ivr-schema.js';
import { validateIvr } from './validate-ivr.js';

/** Structure only; `validateIvr` is what is under test. */
function ivr(nodes: Record<string, unknown>, start = 'main'): Ivr {
  return ivrSchema.parse({ start, nodes });
}

const menu = (options: Record<string, string>, onFailure = 'bye') => ({
  type: 'menu',
  prompts: 'vm-enter-num-to-call',
  options,
  invalidPrompt: 'pbx-invalid',
  onFailure,
});
const play = (next: string) => ({ type: 'play', prompts: 'hello-world', next });
const message = (then: string) => ({ type: 'message', prompts: 'demo-thanks', then });
const bye = { type: 'hangup' };

const lines = (doc: Ivr, severity: 'error' | 'warning') =>
  validateIvr(doc).filter((i) => i.severity === severity).map(formatIssue);

describe('validateIvr: references', () => {
  it('accepts a well-formed IVR with no issues', () => {
    const doc = ivr({ main: menu({ '1': 'q', '3': 'info' }), q: { type: 'queue', queueId: 'general' }, info: message('main'), bye });
    expect(validateIvr(doc)).toEqual([]);
  });

  it('names the JSON path of every dangling reference', () => {
    const doc = ivr(
      {
        main: menu({ '1': 'q', '3': 'foo' }, 'nowhere'),
        q: { type: 'queue', queueId: 'general' },
        welcome: play('ghost'),
        h: { type: 'hours', weekly: {}, open: 'main', closed: 'shut' },
        info: message('lost'),
      },
      'main',
    );
    expect(lines(doc, 'error')).toEqual([
      'nodes.main.options.3: unknown node "foo"',
      'nodes.main.onFailure: unknown node "nowhere"',
      'nodes.welcome.next: unknown node "ghost"',
      'nodes.h.closed: unknown node "shut"',
      'nodes.info.then: unknown node "lost"',
    ]);
  });

  it('requires the start node to exist', () => {
    expect(lines(ivr({ bye }, 'main'), 'error')).toEqual(['start: unknown node "main"']);
  });

  it('reserves the id "hangup" (message then: "hangup" means hang up)', () => {
    const doc = ivr({ main: message('hangup'), hangup: bye });
    expect(lines(doc, 'error')).toContain('nodes.hangup: "hangup" is reserved (a message\'s then: "hangup" means hang up)');
  });

  it('rejects a date that is both a holiday and an extra working day', () => {
    const doc = ivr({
      main: { type: 'hours', weekly: {}, holidays: ['2026-10-01'], extraWorkdays: ['2026-09-20', '2026-10-01'], open: 'bye', closed: 'bye' },
      bye,
    });
    expect(lines(doc, 'error')).toEqual(['nodes.main.extraWorkdays.1: 2026-10-01 is also listed as a holiday']);
  });
});

describe('validateIvr: reachability', () => {
  it('warns (does not fail) about nodes no call can reach', () => {
    const doc = ivr({ main: menu({ '1': 'bye' }), bye, orphan: play('main'), orphan2: bye });
    expect(lines(doc, 'error')).toEqual([]);
    expect(lines(doc, 'warning')).toEqual([
      'nodes.orphan: unreachable from start "main"',
      'nodes.orphan2: unreachable from start "main"',
    ]);
  });

  it('counts every branch: keys, onFailure, open/closed, message then', () => {
    const doc = ivr(
      {
        h: { type: 'hours', weekly: {}, open: 'welcome', closed: 'closed' },
        closed: message('hangup'),
        welcome: play('main'),
        main: menu({ '3': 'info', '9': 'out' }, 'bye'),
        info: message('main'),
        out: { type: 'transfer', number: '12319' },
        bye,
      },
      'h',
    );
    expect(validateIvr(doc)).toEqual([]);
  });
});

describe('validateIvr: loops', () => {
  it('rejects a play/message loop with no menu in between', () => {
    const doc = ivr({ main: play('info'), info: message('main') });
    expect(lines(doc, 'error')).toEqual(['nodes.info.then: loop without user input: main -> info -> main']);
  });

  it('rejects a node that leads to itself', () => {
    expect(lines(ivr({ main: play('main') }), 'error')).toEqual(['nodes.main.next: loop without user input: main -> main']);
  });

  it('rejects a loop through an hours switch (it would spin within one step)', () => {
    const doc = ivr({ main: { type: 'hours', weekly: {}, open: 'main', closed: 'bye' }, bye });
    expect(lines(doc, 'error')).toEqual(['nodes.main.open: loop without user input: main -> main']);
  });

  it('reports a loop even when it is not reachable from start', () => {
    const doc = ivr({ main: bye, a: play('b'), b: play('a') });
    expect(lines(doc, 'error')).toEqual(['nodes.b.next: loop without user input: a -> b -> a']);
  });

  it('accepts loops that pass a menu key (the usual "back to main menu")', () => {
    const doc = ivr({ main: menu({ '3': 'info', '*': 'main' }), info: message('main'), bye });
    expect(validateIvr(doc)).toEqual([]);
  });

  it('warns when a silent caller would go round forever through onFailure', () => {
    const doc = ivr({ main: menu({ '1': 'bye' }, 'sorry'), sorry: play('main'), bye });
    expect(lines(doc, 'error')).toEqual([]);
    expect(lines(doc, 'warning')).toEqual([
      'nodes.sorry.next: a caller who presses no key loops forever: main -> sorry -> main',
    ]);
  });

  it('skips dangling edges while looking for loops (they are reported once, as unknown nodes)', () => {
    const doc = ivr({ main: play('ghost') });
    expect(lines(doc, 'error')).toEqual(['nodes.main.next: unknown node "ghost"']);
  });
});
