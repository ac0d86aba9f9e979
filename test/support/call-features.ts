import { seatEnv } from './agents.js';
import { E2E_ADMIN_TOKEN } from './api-users.js';
import { fixture } from './env.js';

/**
 * The stack of the call-feature tests (hold, transfer, recording, supervisor, survey, tickets):
 * callers go straight to queue A, agents a7 (queue A) and a8 (queue B) at seats 7 and 8.
 */
export const callFeaturesEnv = {
  ...seatEnv,
  IVR_FILE: fixture('ivr-straight-to-queue.json'),
  QUEUES_FILE: fixture('queues-call-features.json'),
  ADMIN_TOKEN: E2E_ADMIN_TOKEN,
};
