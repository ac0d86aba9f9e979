import { describe, expect, it } from 'vitest';
import {
  QueueConfigError,
  checkQueueReferences,
  formatPath,
  parseQueueConfig,
  safeParseQueueConfig,
} from './queue-config.js';
import type { QueueConfig, QueueConfigInput } from './queue-config.js';

type QueueInput = QueueConfigInput['queues'][number];

function queue(id: string, overrides: Partial<QueueInput> = {}): QueueInput {
  return {
    id,
    name: `队列 ${id}`,
    skill: 'general',
    maxWaitSec: 60,
    overflow: { action: 'callback' },
    capacity: 20,
    wrapUpSec: 30,
    policy: 'longest_idle',
    ...overrides,
  };
}

const VALID: QueueConfigInput = {
  queues: [
    queue('general', { overflow: { action: 'queue', queueId: 'backup' } }),
    queue('backup', { skill: '交通', ringTimeoutSec: 20, mohClass: 'calm', policy: 'skill_level_first' }),
    queue('night', { overflow: { action: 'hangup' }, policy: 'least_calls', wrapUpSec: 0 }),
  ],
  agents: [
    { id: 'a1', name: '张三', seat: 'agent0001', skills: { general: 5, 交通: 8 } },
    { id: 'a2', name: '李四', seat: 'agent0002', skills: {} },
  ],
};

/** The messages a bad config produces, as `path: message` lines. */
function problems(input: unknown): string[] {
  const result = safeParseQueueConfig(input);
  if (result.ok) return [];
  return result.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('parseQueueConfig: valid files', () => {
  it('applies defaults (ringTimeoutSec 15, mohClass "default", agents [])', () => {
    const config = parseQueueConfig({ queues: [queue('q1')] });
    expect(config).toEqual({
      queues: [{ ...queue('q1'), ringTimeoutSec: 15, mohClass: 'default' }],
      agents: [],
    });
  });

  it('keeps explicit values and all three overflow actions', () => {
    const config = parseQueueConfig(VALID);
    expect(config.queues.map((q) => q.overflow)).toEqual([
      { action: 'queue', queueId: 'backup' },
      { action: 'callback' },
      { action: 'hangup' },
    ]);
    expect(config.queues[1]).toMatchObject({ ringTimeoutSec: 20, mohClass: 'calm', skill: '交通' });
    expect(config.agents[0]?.skills).toEqual({ general: 5, 交通: 8 });
  });

  it('accepts an overflow chain that ends (a -> b -> c)', () => {
    const config = {
      queues: [
        queue('a', { overflow: { action: 'queue', queueId: 'b' } }),
        queue('b', { overflow: { action: 'queue', queueId: 'c' } }),
        queue('c'),
      ],
    };
    expect(problems(config)).toEqual([]);
  });

  it('accepts inclusive bounds of every number', () => {
    const low = queue('low', { ringTimeoutSec: 1, maxWaitSec: 1, capacity: 1, wrapUpSec: 0 });
    const high = queue('high', { ringTimeoutSec: 300, maxWaitSec: 86_400, capacity: 100_000, wrapUpSec: 3_600 });
    const agents = [
      { id: 'x', name: 'x', seat: 'agent0001', skills: { general: 1 } },
      { id: 'y', name: 'y', seat: 'agent0002', skills: { general: 10 } },
    ];
    expect(problems({ queues: [low, high], agents })).toEqual([]);
  });
});

describe('parseQueueConfig: schema errors name the path', () => {
  it('throws a QueueConfigError listing each bad path', () => {
    const bad = {
      queues: [
        queue('ok'),
        queue('bad id'),
        queue('q3', { ringTimeoutSec: 15_000, policy: 'random' as never, overflow: { action: 'queue' } as never }),
      ],
      agents: [{ id: 'a1', name: 'x', seat: 'agent 1', skills: { general: 11, other: 0 } }],
    };
    let error: unknown;
    try {
      parseQueueConfig(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QueueConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/^invalid queue config \(7 problems\):\n/);
    for (const path of [
      'queues[1].id: ',
      'queues[2].ringTimeoutSec: ',
      'queues[2].overflow.queueId: ',
      'queues[2].policy: ',
      'agents[0].seat: ',
      'agents[0].skills.general: ',
      'agents[0].skills.other: ',
    ]) {
      expect(message).toContain(`\n${path}`);
    }
    expect((error as QueueConfigError).issues).toHaveLength(7);
  });

  it('reports missing required fields', () => {
    const paths = problems({ queues: [{ id: 'q' }] }).map((p) => p.split(':')[0]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'queues[0].name',
        'queues[0].skill',
        'queues[0].maxWaitSec',
        'queues[0].overflow',
        'queues[0].capacity',
        'queues[0].wrapUpSec',
        'queues[0].policy',
      ]),
    );
  });

  it('refuses misspelt keys instead of silently using a default', () => {
    const input = { queues: [{ ...queue('q'), ringTimeOutSec: 5 }] };
    expect(problems(input)).toEqual(['queues[0].ringTimeOutSec: unknown key']);
  });

  it('refuses unknown top-level keys too', () => {
    expect(problems({ queues: [], agent: [] })).toEqual(['agent: unknown key']);
  });

  it('refuses an unknown overflow action', () => {
    expect(problems({ queues: [queue('q', { overflow: { action: 'voicemail' } as never })] })).toEqual([
      expect.stringMatching(/^queues\[0\]\.overflow\.action: /),
    ]);
  });

  it.each([
    ['non-integer seconds', { maxWaitSec: 1.5 }, 'queues[0].maxWaitSec'],
    ['zero capacity', { capacity: 0 }, 'queues[0].capacity'],
    ['negative wrap-up', { wrapUpSec: -1 }, 'queues[0].wrapUpSec'],
    ['zero ring timeout', { ringTimeoutSec: 0 }, 'queues[0].ringTimeoutSec'],
    ['blank skill', { skill: ' general' }, 'queues[0].skill'],
  ])('refuses %s', (_label, overrides, path) => {
    expect(problems({ queues: [queue('q', overrides as Partial<QueueInput>)] })).toEqual([
      expect.stringMatching(new RegExp(`^${path.replace(/[[\].]/g, '\\$&')}: `)),
    ]);
  });

  it('refuses a non-object', () => {
    expect(problems(null)).toEqual([expect.stringMatching(/^\(root\): /)]);
    expect(problems({})).toEqual([expect.stringMatching(/^queues: /)]);
  });
});

describe('cross-reference checks', () => {
  it('names an unknown overflow queue', () => {
    const input = { queues: [queue('a'), queue('b'), queue('c', { overflow: { action: 'queue', queueId: 'x' } })] };
    expect(problems(input)).toEqual(['queues[2].overflow.queueId: unknown queue "x"']);
    expect(() => parseQueueConfig(input)).toThrow('queues[2].overflow.queueId: unknown queue "x"');
  });

  it('names duplicate queue ids, agent ids and seats', () => {
    const input = {
      queues: [queue('a'), queue('b'), queue('a')],
      agents: [
        { id: 'a1', name: 'x', seat: 'agent0001', skills: {} },
        { id: 'a2', name: 'y', seat: 'agent0001', skills: {} },
        { id: 'a1', name: 'z', seat: 'agent0003', skills: {} },
      ],
    };
    expect(problems(input)).toEqual([
      'queues[2].id: duplicate queue id "a" (first at queues[0])',
      'agents[2].id: duplicate agent id "a1" (first at agents[0])',
      'agents[1].seat: seat "agent0001" is already used by agents[0]',
    ]);
  });

  it('finds a queue that overflows to itself', () => {
    const input = { queues: [queue('a'), queue('loop', { overflow: { action: 'queue', queueId: 'loop' } })] };
    expect(problems(input)).toEqual(['queues[1].overflow.queueId: overflow cycle "loop" -> "loop"']);
  });

  it('reports a longer cycle once, at its lowest index, even when entered from outside', () => {
    const input = {
      queues: [
        queue('entry', { overflow: { action: 'queue', queueId: 'c' } }),
        queue('b', { overflow: { action: 'queue', queueId: 'c' } }),
        queue('c', { overflow: { action: 'queue', queueId: 'd' } }),
        queue('d', { overflow: { action: 'queue', queueId: 'b' } }),
      ],
    };
    expect(problems(input)).toEqual(['queues[1].overflow.queueId: overflow cycle "b" -> "c" -> "d" -> "b"']);
  });

  it('reports two separate cycles in index order', () => {
    const input = {
      queues: [
        queue('x', { overflow: { action: 'queue', queueId: 'y' } }),
        queue('p', { overflow: { action: 'queue', queueId: 'q' } }),
        queue('y', { overflow: { action: 'queue', queueId: 'x' } }),
        queue('q', { overflow: { action: 'queue', queueId: 'p' } }),
      ],
    };
    expect(problems(input)).toEqual([
      'queues[0].overflow.queueId: overflow cycle "x" -> "y" -> "x"',
      'queues[1].overflow.queueId: overflow cycle "p" -> "q" -> "p"',
    ]);
  });

  it('lists every cross-reference problem in the thrown message', () => {
    const input = {
      queues: [queue('a', { overflow: { action: 'queue', queueId: 'nope' } }), queue('a')],
    };
    expect(() => parseQueueConfig(input)).toThrow(
      'invalid queue config (2 problems):\n' +
        'queues[1].id: duplicate queue id "a" (first at queues[0])\n' +
        'queues[0].overflow.queueId: unknown queue "nope"',
    );
  });

  it('checkQueueReferences returns nothing for a valid config', () => {
    const config: QueueConfig = parseQueueConfig(VALID);
    expect(checkQueueReferences(config)).toEqual([]);
  });
});

describe('formatPath', () => {
  it.each([
    [[], '(root)'],
    [['queues', 2, 'overflow', 'queueId'], 'queues[2].overflow.queueId'],
    [['agents', 0, 'skills', '交通'], 'agents[0].skills["交通"]'],
    [['agents', 0, 'skills', 'a-b'], 'agents[0].skills["a-b"]'],
    [[0], '[0]'],
  ] as const)('%j -> %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});
