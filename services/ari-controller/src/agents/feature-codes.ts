import type { AgentEvent as AgentStateEvent } from '@hotline/acd';

/**
 * What an agent dials from the softphone to change state (the seats' [from-seats] context
 * sends *N to the app). Short codes, as on the seeds' agent toolbars: sign in/out,
 * ready/not ready, break, end wrap-up early.
 */
export const FEATURE_CODES: Readonly<Record<string, AgentStateEvent>> = {
  '*1': { type: 'sign_in' },
  '*2': { type: 'sign_out' },
  '*3': { type: 'set_ready' },
  '*4': { type: 'set_not_ready', reason: 'feature-code' },
  '*5': { type: 'start_break' },
  '*6': { type: 'end_break' },
  '*7': { type: 'wrap_up_done' },
};

export function featureEvent(code: string): AgentStateEvent | null {
  return FEATURE_CODES[code] ?? null;
}
