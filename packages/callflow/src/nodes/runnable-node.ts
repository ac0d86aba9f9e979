import type { Action, Input } from '../actions.js';
import type { Cursor, Outcome, PathEntry } from '../walk-state.js';

/** What a node may read while it runs; `newId` hands out call-unique ids. */
export type NodeContext = {
  readonly nodeId: string;
  readonly now: number;
  readonly timezone: string;
  newId(kind: 'playback' | 'timer'): string;
};

/** A node's answer to entering it or to an input. `record` goes into the journey first. */
export type Transition =
  | { readonly kind: 'stay'; readonly cursor: Cursor; readonly actions: readonly Action[]; readonly record?: readonly PathEntry[] }
  | { readonly kind: 'goto'; readonly target: string; readonly actions: readonly Action[]; readonly record?: readonly PathEntry[] }
  | { readonly kind: 'end'; readonly outcome: Outcome; readonly actions: readonly Action[]; readonly record?: readonly PathEntry[] }
  /** The input means nothing here (a key during a non-interruptible prompt, a stale report). */
  | { readonly kind: 'ignore' };

/** A transition that does something. */
export type Move = Exclude<Transition, { kind: 'ignore' }>;

/**
 * One node type's behaviour, as in jambonz's tasks: `enter` runs it, `onInput`
 * reacts to what the caller or the media did, `cancel` cleans up when the walk
 * is stopped in the middle (the caller hangs up during every kind of step).
 */
export interface RunnableNode {
  enter(ctx: NodeContext): Move;
  onInput(cursor: Cursor, input: Input, ctx: NodeContext): Transition;
  cancel(cursor: Cursor): Action[];
}

export const IGNORE: Transition = { kind: 'ignore' };

/** True when a report names the expected id, or names none (adapters that do not track ids). */
export function sameId(reported: string | undefined, expected: string): boolean {
  return reported === undefined || reported === expected;
}

/** Runs `actions` before whatever `next` does (e.g. stop the prompt, then handle the key). */
export function after(actions: readonly Action[], next: Move): Move {
  return { ...next, actions: [...actions, ...next.actions] };
}

/** Puts journey entries before those `next` records. */
export function recording(entries: readonly PathEntry[], next: Move): Move {
  return { ...next, record: [...entries, ...(next.record ?? [])] };
}
