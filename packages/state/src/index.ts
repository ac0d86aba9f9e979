// @hotline/state: the live state shared by controllers and the API, in Redis.
export { RedisCallStore, type CallRecord, type CallStore } from './call-store.js';
export { RedisAgentStore, parseReadyAnnouncement, type AgentRecord, type AgentUpdate } from './agent-store.js';
export { applyAgentEvent, publishChange } from './agent-events.js';
export { loadQueueConfig } from './load-queue-config.js';
export { keys } from './keys.js';
export { PLATFORM_PROBE_EVERY_MS, PLATFORM_PROBE_FRESH_MS, readPlatformProbes, writePlatformProbe, type PlatformProbe } from './platform-probes.js';
export { CallCommand, CallCommandMessage, CallCommandReply, CommandRefused, callCommandChannels } from './call-commands.js';
