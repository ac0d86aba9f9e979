/**
 * What the walker asks the ARI adapter to do, and what the adapter reports
 * back. Ids are unique within one call (not across calls): prefix them with
 * the channel id when they become ARI `playbackId`s or timer keys.
 */

/** Play sounds (`sound:<name>` media) in order. Interruptible ones are stopped by the walker on a key. */
export type PlayAction = {
  readonly type: 'play';
  readonly id: string;
  readonly prompts: readonly string[];
  readonly interruptible: boolean;
};

/** Stop a playback still running (a key interrupted a menu, or the walk was cancelled). */
export type StopPlaybackAction = { readonly type: 'stop_playback'; readonly id: string };

/** Report `{ type: 'timeout', timerId: id }` after `ms`, unless cancelled first. */
export type StartTimerAction = { readonly type: 'start_timer'; readonly id: string; readonly ms: number };

export type CancelTimerAction = { readonly type: 'cancel_timer'; readonly id: string };

/** Terminal: the caller waits for an agent. The wait clock (`queued_at`) starts here. */
export type EnqueueAction = {
  readonly type: 'enqueue';
  readonly queueId: string;
  readonly priority: number;
  readonly skill?: string;
};

/** Terminal: send the call to an outside number. */
export type TransferAction = { readonly type: 'transfer'; readonly number: string };

/**
 * Why the IVR hung up:
 * - `hangup_node`: the walk reached a `hangup` node;
 * - `message_done`: a message with `then: "hangup"` finished;
 * - `ivr_error`: the walk met a missing node, a loop or a broken node, which a
 *   validated IVR cannot contain.
 */
export type HangupReason = 'hangup_node' | 'message_done' | 'ivr_error';

/** Terminal: hang the caller up. */
export type HangupAction = { readonly type: 'hangup'; readonly reason: HangupReason };

export type Action =
  | PlayAction
  | StopPlaybackAction
  | StartTimerAction
  | CancelTimerAction
  | EnqueueAction
  | TransferAction
  | HangupAction;

/**
 * What happened on the call. Give `playbackId` / `timerId` when you can: a
 * stopped playback still ends with PlaybackFinished and a cancelled timer can
 * race with a key, and the ids let the walker drop such stale reports. Without
 * them the report is taken for the current playback or timer.
 */
export type Input =
  | { readonly type: 'prompt_done'; readonly playbackId?: string }
  | { readonly type: 'dtmf'; readonly digit: string }
  | { readonly type: 'timeout'; readonly timerId?: string };
