import type { Action, Input } from './actions.js';
import type { Ivr } from './ivr-schema.js';
import { makeNode } from './nodes/make-node.js';
import type { Move, NodeContext, RunnableNode, Transition } from './nodes/runnable-node.js';
import type { Cursor, PathEntry, Step, WalkState } from './walk-state.js';

/**
 * Nodes entered in one step without waiting for anything (hours switches,
 * goto chains). A validated IVR has no such loops; this guard keeps a
 * hand-built one from spinning forever.
 */
const MAX_HOPS = 64;

/** Starts a call's IVR at `ivr.start`. `now` is epoch ms (it decides hours switches). */
export function start(ivr: Ivr, now: number): Step {
  const walk = new Walk(ivr, now, { nodeId: ivr.start, seq: 0, path: [] });
  const cursor = walk.enter(ivr.start);
  return walk.step(cursor);
}

/** Feeds one report from the call into the walk. An ended walk ignores everything. */
export function next(ivr: Ivr, state: WalkState, input: Input, now: number): Step {
  if (state.cursor.phase === 'ended') return { state, actions: [] };
  const walk = new Walk(ivr, now, state);
  const transition = walk.run(state.nodeId, (node, ctx) => node.onInput(state.cursor, input, ctx));
  if (transition.kind === 'ignore') return { state, actions: [] };
  return walk.step(walk.apply(state.nodeId, transition));
}

/**
 * Stops the walk from outside, normally because the caller hung up. The actions
 * clean up what the current node started (its playback or timer); after a
 * hangup they may fail with 404, which is fine.
 */
export function cancel(ivr: Ivr, state: WalkState, now: number, reason = 'caller_hangup'): Step {
  if (state.cursor.phase === 'ended') return { state, actions: [] };
  const walk = new Walk(ivr, now, state);
  const node = ivr.nodes[state.nodeId];
  if (node !== undefined) walk.actions.push(...makeNode(node).cancel(state.cursor));
  walk.path.push({ type: 'cancel', nodeId: state.nodeId, reason, at: now });
  return walk.step({ phase: 'ended', outcome: { type: 'cancelled', reason } });
}

/** The mutable draft of one step; nothing escapes it but the returned `Step`. */
class Walk {
  readonly actions: Action[] = [];
  readonly path: PathEntry[];
  private nodeId: string;
  private seq: number;

  constructor(
    private readonly ivr: Ivr,
    private readonly now: number,
    from: Pick<WalkState, 'nodeId' | 'seq' | 'path'>,
  ) {
    this.nodeId = from.nodeId;
    this.seq = from.seq;
    this.path = [...from.path];
  }

  step(cursor: Cursor): Step {
    return {
      state: { nodeId: this.nodeId, cursor, seq: this.seq, path: this.path },
      actions: this.actions,
    };
  }

  /** Enters `nodeId` and follows goto transitions until a node waits or the walk ends. */
  enter(nodeId: string): Cursor {
    let target = nodeId;
    for (let hops = 0; hops < MAX_HOPS; hops++) {
      this.nodeId = target;
      this.path.push({ type: 'enter', nodeId: target, at: this.now });
      const transition = this.run(target, (node, ctx) => node.enter(ctx));
      if (transition.kind === 'ignore') return this.fail(target, 'node did nothing on entry');
      this.record(transition);
      if (transition.kind !== 'goto') return this.settle(transition);
      target = transition.target;
    }
    return this.fail(target, `more than ${MAX_HOPS} nodes without waiting: a loop`);
  }

  /** Takes a node's answer to an input. */
  apply(nodeId: string, transition: Move): Cursor {
    this.nodeId = nodeId;
    this.record(transition);
    return transition.kind === 'goto' ? this.enter(transition.target) : this.settle(transition);
  }

  /** Runs a node's code; a missing node or a throw becomes an `ivr_error` end, never an exception. */
  run(nodeId: string, fn: (node: RunnableNode, ctx: NodeContext) => Transition): Transition {
    const data = this.ivr.nodes[nodeId];
    if (data === undefined) return this.failed(nodeId, `unknown node "${nodeId}"`);
    try {
      return fn(makeNode(data), this.context(nodeId));
    } catch (err) {
      return this.failed(nodeId, err instanceof Error ? err.message : String(err));
    }
  }

  private context(nodeId: string): NodeContext {
    return {
      nodeId,
      now: this.now,
      timezone: this.ivr.timezone,
      newId: (kind) => `${kind === 'playback' ? 'pb' : 'tm'}-${++this.seq}`,
    };
  }

  private record(transition: Move): void {
    this.actions.push(...transition.actions);
    if (transition.record) this.path.push(...transition.record);
  }

  private settle(transition: Extract<Transition, { kind: 'stay' | 'end' }>): Cursor {
    return transition.kind === 'stay' ? transition.cursor : { phase: 'ended', outcome: transition.outcome };
  }

  private failed(nodeId: string, message: string): Extract<Move, { kind: 'end' }> {
    return {
      kind: 'end',
      outcome: { type: 'hung_up', reason: 'ivr_error' },
      actions: [{ type: 'hangup', reason: 'ivr_error' }],
      record: [{ type: 'error', nodeId, message, at: this.now }],
    };
  }

  private fail(nodeId: string, message: string): Cursor {
    const transition = this.failed(nodeId, message);
    this.record(transition);
    return this.settle(transition);
  }
}
