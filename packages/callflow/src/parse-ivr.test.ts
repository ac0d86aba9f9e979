import { describe, expect, it } from 'vitest';
import { IvrConfigError, parseIvr, safeParseIvr } from './parse-ivr.js';
import { formatIssue } from './ivr-issue.js';

const good = {
  start: 'main',
  nodes: {
    main: { type: 'menu', prompts: 'vm-enter-num-to-call', options: { '1': 'q' }, invalidPrompt: 'pbx-invalid', onFailure: 'bye' },
    q: { type: 'queue', queueId: 'general' },
    bye: { type: 'hangup' },
  },
};

function errorLines(input: unknown): string[] {
  const result = safeParseIvr(input);
  if (result.ok) throw new Error('expected the document to be rejected');
  return result.errors.map(formatIssue);
}

describe('safeParseIvr', () => {
  it('returns the parsed IVR with its warnings', () => {
    const result = safeParseIvr({ ...good, nodes: { ...good.nodes, spare: { type: 'hangup' } } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ivr.timezone).toBe('Asia/Shanghai');
    expect(result.warnings.map(formatIssue)).toEqual(['nodes.spare: unreachable from start "main"']);
  });

  it('reports structural errors at their JSON paths', () => {
    expect(
      errorLines({
        start: 'main',
        timezone: 'Beijing',
        nodes: {
          main: { type: 'menu', prompts: ['ok', '../x'], options: { '12': 'q' }, invalidPrompt: 'pbx-invalid', onFailure: 'q' },
          q: { type: 'queue', queueId: 'general', priority: -1 },
          t: { type: 'transfer', number: '0755-1234' },
          w: { type: 'wait' },
          p: { type: 'play', prompts: 'hello-world', next: 'q', nxt: 'q' },
        },
      }),
    ).toEqual([
      'timezone: unknown IANA time zone',
      'nodes.main.prompts.1: a sound name like "hello-world" or "custom/welcome"',
      'nodes.main.options: Unrecognized key: "12"',
      'nodes.main.options: a menu needs at least one option',
      'nodes.q.priority: Too small: expected number to be >=0',
      'nodes.t.number: digits with an optional leading "+", e.g. "12319" or "+8675512345"',
      "nodes.w.type: Invalid discriminator value. Expected 'play' | 'menu' | 'hours' | 'message' | 'queue' | 'transfer' | 'hangup'",
      'nodes.p: Unrecognized key: "nxt"',
    ]);
  });

  it('explains a bad node id', () => {
    expect(errorLines({ start: 'main', nodes: { main: { type: 'hangup' }, 'bad id': { type: 'hangup' } } })).toEqual([
      'nodes.bad id: invalid node id: a node id is a letter followed by letters, digits, "_" or "-"',
    ]);
  });

  it('reports cross-reference errors only once the structure is sound', () => {
    expect(errorLines({ ...good, nodes: { ...good.nodes, q: { type: 'play', prompts: 'x', next: 'foo' } } })).toEqual([
      'nodes.q.next: unknown node "foo"',
    ]);
  });

  it('rejects what is not an IVR document at all', () => {
    expect(errorLines(null)).toEqual(['(root): Invalid input: expected object, received null']);
    expect(errorLines([])).toHaveLength(1);
    expect(errorLines({ start: 'main' })).toEqual(['nodes: Invalid input: expected record, received undefined']);
  });
});

describe('parseIvr', () => {
  it('returns { ivr, warnings } for a good document', () => {
    const { ivr, warnings } = parseIvr(good);
    expect(ivr.start).toBe('main');
    expect(warnings).toEqual([]);
  });

  it('throws IvrConfigError naming the source and every issue path', () => {
    const bad = { ...good, nodes: { ...good.nodes, main: { ...good.nodes.main, options: { '3': 'foo' } } } };
    let caught: unknown;
    try {
      parseIvr(bad, 'sites/demo.json');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(IvrConfigError);
    expect(caught).toBeInstanceOf(Error);
    const err = caught as IvrConfigError;
    expect(err.message).toBe('invalid IVR sites/demo.json:\n  nodes.main.options.3: unknown node "foo"');
    expect(err.source).toBe('sites/demo.json');
    expect(err.issues).toEqual([{ severity: 'error', path: ['nodes', 'main', 'options', '3'], message: 'unknown node "foo"' }]);
    expect(err.name).toBe('IvrConfigError');
  });
});
