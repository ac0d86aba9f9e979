// @hotline/acd: pure ACD decisions. No I/O, no clock: time is a parameter (epoch ms).
export * from './agent-state.js';
export * from './queue-config.js';
export * from './acd-policy.js';
export * from './caller-queue.js';
export * from './offer.js';
export * from './answer-tracking.js';
