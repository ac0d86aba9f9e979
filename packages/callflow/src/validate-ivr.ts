import { HANGUP_KEYWORD } from './ivr-schema.js';
import type { Ivr } from './ivr-schema.js';
import type { IvrIssue } from './ivr-issue.js';
import { nodeReferences } from './node-references.js';
import type { NodeReference } from './node-references.js';

/**
 * Checks what the schema cannot: cross-references, dates listed twice, nodes
 * no call can reach (warning), and loops. A loop of nodes that never waits for
 * a key (play, message, hours) holds the caller forever: an error. A loop that
 * passes a menu only through its `onFailure` holds a silent caller (a line left
 * open) forever: a warning.
 */
export function validateIvr(ivr: Ivr): IvrIssue[] {
  return [
    ...reservedIds(ivr),
    ...danglingReferences(ivr),
    ...scheduleConflicts(ivr),
    ...silentLoops(ivr),
    ...unreachableNodes(ivr),
  ];
}

function error(path: IvrIssue['path'], message: string): IvrIssue {
  return { severity: 'error', path, message };
}

function warning(path: IvrIssue['path'], message: string): IvrIssue {
  return { severity: 'warning', path, message };
}

function reservedIds(ivr: Ivr): IvrIssue[] {
  return HANGUP_KEYWORD in ivr.nodes
    ? [error(['nodes', HANGUP_KEYWORD], `"${HANGUP_KEYWORD}" is reserved (a message's then: "hangup" means hang up)`)]
    : [];
}

function danglingReferences(ivr: Ivr): IvrIssue[] {
  const issues: IvrIssue[] = [];
  if (!(ivr.start in ivr.nodes)) issues.push(error(['start'], `unknown node "${ivr.start}"`));
  for (const [id, node] of Object.entries(ivr.nodes)) {
    for (const ref of nodeReferences(node)) {
      if (!(ref.target in ivr.nodes)) issues.push(error(['nodes', id, ...ref.field], `unknown node "${ref.target}"`));
    }
  }
  return issues;
}

function scheduleConflicts(ivr: Ivr): IvrIssue[] {
  const issues: IvrIssue[] = [];
  for (const [id, node] of Object.entries(ivr.nodes)) {
    if (node.type !== 'hours') continue;
    node.extraWorkdays.forEach((date, i) => {
      if (node.holidays.includes(date)) {
        issues.push(error(['nodes', id, 'extraWorkdays', i], `${date} is also listed as a holiday`));
      }
    });
  }
  return issues;
}

function unreachableNodes(ivr: Ivr): IvrIssue[] {
  const seen = new Set<string>();
  const todo = [ivr.start];
  for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
    const node = ivr.nodes[id];
    if (node === undefined || seen.has(id)) continue;
    seen.add(id);
    for (const ref of nodeReferences(node)) todo.push(ref.target);
  }
  return Object.keys(ivr.nodes)
    .filter((id) => !seen.has(id))
    .map((id) => warning(['nodes', id], `unreachable from start "${ivr.start}"`));
}

/** Finds loops along the edges `follow` keeps, one per closing (back) edge. */
function loops(ivr: Ivr, follow: (ref: NodeReference) => boolean): { closing: string[]; cycle: string[] }[] {
  const found: { closing: string[]; cycle: string[] }[] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();

  const visit = (id: string): void => {
    const node = ivr.nodes[id];
    if (node === undefined || done.has(id)) return;
    stack.push(id);
    onStack.add(id);
    for (const ref of nodeReferences(node)) {
      if (!follow(ref) || !(ref.target in ivr.nodes)) continue;
      if (onStack.has(ref.target)) {
        const cycle = [...stack.slice(stack.indexOf(ref.target)), ref.target];
        found.push({ closing: ['nodes', id, ...ref.field], cycle });
      } else {
        visit(ref.target);
      }
    }
    stack.pop();
    onStack.delete(id);
    done.add(id);
  };

  for (const id of Object.keys(ivr.nodes)) visit(id);
  return found;
}

function silentLoops(ivr: Ivr): IvrIssue[] {
  const isMenu = (id: string): boolean => ivr.nodes[id]?.type === 'menu';
  const noInput = loops(ivr, (ref) => ref.via === 'auto').map(({ closing, cycle }) =>
    error(closing, `loop without user input: ${cycle.join(' -> ')}`),
  );
  const silentCaller = loops(ivr, (ref) => ref.via !== 'key')
    .filter(({ cycle }) => cycle.some(isMenu))
    .map(({ closing, cycle }) =>
      warning(closing, `a caller who presses no key loops forever: ${cycle.join(' -> ')}`),
    );
  return [...noInput, ...silentCaller];
}
