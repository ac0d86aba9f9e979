/**
 * Queues and agents' skills as data: a zod schema for the queues file, plus the
 * cross-reference checks a schema cannot express (unique ids and seats,
 * overflow targets that exist, no overflow cycle).
 *
 * Objects are strict: a misspelt key (`ringTimeOutSec`) is an error rather
 * than a silently applied default. Upper bounds on the second counts catch
 * milliseconds typed where seconds were meant.
 */
import { z } from 'zod';
import { ACD_POLICIES } from './acd-policy.js';

/** Ids end up in Redis keys and PJSIP endpoint names: a plain token. */
const token = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'expected 1-64 of A-Z a-z 0-9 _ . - (starting with a letter or digit)');

/** Skill names may be Chinese; they only must not be blank or padded. */
const skillName = z
  .string()
  .min(1)
  .max(64)
  .refine((s) => s.trim() === s && !/\s/.test(s), 'expected a skill name without whitespace');

export const overflowSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('queue'), queueId: token }),
  z.strictObject({ action: z.literal('callback') }),
  z.strictObject({ action: z.literal('hangup') }),
]);

export const queueSchema = z.strictObject({
  id: token,
  name: z.string().min(1),
  skill: skillName,
  ringTimeoutSec: z.int().min(1).max(300).default(15),
  maxWaitSec: z.int().min(1).max(86_400),
  overflow: overflowSchema,
  /** Most callers waiting at once; one more is refused with reason 'full'. */
  capacity: z.int().min(1).max(100_000),
  wrapUpSec: z.int().min(0).max(3_600),
  mohClass: z.string().min(1).default('default'),
  policy: z.enum(ACD_POLICIES),
});

export const agentSchema = z.strictObject({
  id: token,
  name: z.string().min(1),
  /** PJSIP endpoint name of the agent's softphone, e.g. agent0001. */
  seat: token,
  /** Skill -> level 1..10, higher is better. */
  skills: z.record(skillName, z.int().min(1).max(10)),
});

export const queueConfigSchema = z.strictObject({
  queues: z.array(queueSchema),
  agents: z.array(agentSchema).default([]),
});

export type OverflowAction = z.output<typeof overflowSchema>;
export type QueueDefinition = z.output<typeof queueSchema>;
export type AgentDefinition = z.output<typeof agentSchema>;
export type QueueConfig = z.output<typeof queueConfigSchema>;
/** What a queues file may contain before defaults are applied. */
export type QueueConfigInput = z.input<typeof queueConfigSchema>;

export interface ConfigIssue {
  /** Where, as in the file: `queues[2].overflow.queueId`. */
  readonly path: string;
  readonly message: string;
}

export class QueueConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const lines = issues.map((issue) => `${issue.path}: ${issue.message}`);
    super(`invalid queue config (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
    this.name = 'QueueConfigError';
    this.issues = issues;
  }
}

/** `['queues', 2, 'overflow', 'queueId']` -> `queues[2].overflow.queueId`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === '' ? '(root)' : out;
}

function firstIndexById<T extends { readonly id: string }>(items: readonly T[]): Map<string, number> {
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    if (!index.has(item.id)) index.set(item.id, i);
  });
  return index;
}

function duplicateIssues<T>(
  items: readonly T[],
  key: (item: T) => string,
  describe: (value: string, index: number, firstIndex: number) => ConfigIssue,
): ConfigIssue[] {
  const seen = new Map<string, number>();
  const issues: ConfigIssue[] = [];
  items.forEach((item, i) => {
    const value = key(item);
    const first = seen.get(value);
    if (first === undefined) seen.set(value, i);
    else issues.push(describe(value, i, first));
  });
  return issues;
}

/**
 * Overflow edges form a graph where each queue has at most one successor, so
 * each cycle is found by walking from every queue once; it is reported once,
 * at its member with the lowest index.
 */
function overflowCycleIssues(queues: readonly QueueDefinition[], indexById: Map<string, number>): ConfigIssue[] {
  const next = (i: number): number | undefined => {
    const overflow = queues[i]?.overflow;
    return overflow?.action === 'queue' ? indexById.get(overflow.queueId) : undefined;
  };
  const done = new Set<number>();
  const found: Array<{ readonly at: number; readonly issue: ConfigIssue }> = [];
  for (let start = 0; start < queues.length; start++) {
    const onPath = new Map<number, number>(); // queue index -> position on this walk
    const walk: number[] = [];
    let current: number | undefined = start;
    while (current !== undefined && !done.has(current) && !onPath.has(current)) {
      onPath.set(current, walk.length);
      walk.push(current);
      current = next(current);
    }
    if (current !== undefined && onPath.has(current)) {
      const cycle = walk.slice(onPath.get(current));
      const reportAt = Math.min(...cycle);
      const rotated = [...cycle.slice(cycle.indexOf(reportAt)), ...cycle.slice(0, cycle.indexOf(reportAt))];
      const names = [...rotated, reportAt].map((i) => JSON.stringify(queues[i]?.id));
      found.push({
        at: reportAt,
        issue: { path: `queues[${reportAt}].overflow.queueId`, message: `overflow cycle ${names.join(' -> ')}` },
      });
    }
    for (const i of walk) done.add(i);
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.issue);
}

/** The checks across entries that the schema cannot express. */
export function checkQueueReferences(config: QueueConfig): ConfigIssue[] {
  const { queues, agents } = config;
  const queueIndex = firstIndexById(queues);
  const issues: ConfigIssue[] = [
    ...duplicateIssues(
      queues,
      (q) => q.id,
      (id, i, first) => ({ path: `queues[${i}].id`, message: `duplicate queue id "${id}" (first at queues[${first}])` }),
    ),
    ...duplicateIssues(
      agents,
      (a) => a.id,
      (id, i, first) => ({ path: `agents[${i}].id`, message: `duplicate agent id "${id}" (first at agents[${first}])` }),
    ),
    ...duplicateIssues(
      agents,
      (a) => a.seat,
      (seat, i, first) => ({ path: `agents[${i}].seat`, message: `seat "${seat}" is already used by agents[${first}]` }),
    ),
  ];
  queues.forEach((queue, i) => {
    if (queue.overflow.action === 'queue' && !queueIndex.has(queue.overflow.queueId)) {
      issues.push({ path: `queues[${i}].overflow.queueId`, message: `unknown queue "${queue.overflow.queueId}"` });
    }
  });
  issues.push(...overflowCycleIssues(queues, queueIndex));
  return issues;
}

/** One zod issue as file paths; an unknown key is reported at its own path (`queues[0].ringTimeOutSec`). */
function toConfigIssues(issue: z.core.$ZodIssue): ConfigIssue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'unknown key' }));
  }
  return [{ path: formatPath(issue.path), message: issue.message }];
}

export type QueueConfigResult =
  | { readonly ok: true; readonly config: QueueConfig }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

export function safeParseQueueConfig(input: unknown): QueueConfigResult {
  const parsed = queueConfigSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.flatMap(toConfigIssues) };
  }
  const issues = checkQueueReferences(parsed.data);
  return issues.length === 0 ? { ok: true, config: parsed.data } : { ok: false, issues };
}

/** Parses a queues file's content; throws a QueueConfigError whose message lists every bad path. */
export function parseQueueConfig(input: unknown): QueueConfig {
  const result = safeParseQueueConfig(input);
  if (!result.ok) throw new QueueConfigError(result.issues);
  return result.config;
}
