import type { Action, HangupReason } from './actions.js';

/** How the IVR part of a call ended. */
export type Outcome =
  | { readonly type: 'queued'; readonly queueId: string; readonly priority: number; readonly skill?: string }
  | { readonly type: 'transferred'; readonly number: string }
  | { readonly type: 'hung_up'; readonly reason: HangupReason }
  /** Stopped from outside, normally because the caller hung up (`caller_hangup`). */
  | { readonly type: 'cancelled'; readonly reason: string };

/** Where the walk is inside the current node. */
export type Cursor =
  /** A play or message node plays its prompts. */
  | { readonly phase: 'playing'; readonly playbackId: string }
  /** A menu plays its prompts; a key interrupts. `failures` counts wrong keys and silences so far. */
  | { readonly phase: 'prompting'; readonly playbackId: string; readonly failures: number }
  /** A menu waits for a key until its timer fires. */
  | { readonly phase: 'waiting'; readonly timerId: string; readonly failures: number }
  | { readonly phase: 'ended'; readonly outcome: Outcome };

/** One step of the caller's IVR journey; `at` is epoch ms. */
export type PathEntry =
  | { readonly type: 'enter'; readonly nodeId: string; readonly at: number }
  | { readonly type: 'hours'; readonly nodeId: string; readonly open: boolean; readonly at: number }
  | { readonly type: 'key'; readonly nodeId: string; readonly digit: string; readonly accepted: boolean; readonly at: number }
  | { readonly type: 'timeout'; readonly nodeId: string; readonly at: number }
  | { readonly type: 'cancel'; readonly nodeId: string; readonly reason: string; readonly at: number }
  | { readonly type: 'error'; readonly nodeId: string; readonly message: string; readonly at: number };

/**
 * Everything needed to continue a call's IVR, plain JSON so it can be mirrored
 * to Redis and picked up by another controller.
 */
export type WalkState = {
  readonly nodeId: string;
  readonly cursor: Cursor;
  /** Counter behind playback and timer ids. */
  readonly seq: number;
  readonly path: readonly PathEntry[];
};

/** The walker's answer: the new state and what to do now, in order. */
export type Step = { readonly state: WalkState; readonly actions: readonly Action[] };

export function isEnded(state: WalkState): boolean {
  return state.cursor.phase === 'ended';
}

export function outcomeOf(state: WalkState): Outcome | undefined {
  return state.cursor.phase === 'ended' ? state.cursor.outcome : undefined;
}

/** The last key a menu accepted (optionally: at `nodeId`), e.g. the survey answer. */
export function lastAcceptedKey(state: WalkState, nodeId?: string): string | undefined {
  for (let i = state.path.length - 1; i >= 0; i--) {
    const entry = state.path[i];
    if (entry?.type === 'key' && entry.accepted && (nodeId === undefined || entry.nodeId === nodeId)) {
      return entry.digit;
    }
  }
  return undefined;
}

/** The node ids visited, in order (with repeats), for a compact journey record. */
export function visitedNodes(state: WalkState): string[] {
  return state.path.flatMap((e) => (e.type === 'enter' ? [e.nodeId] : []));
}
