export * from './schema.js';
export * from './ticket-events.js';
export { newEvent, type EventFields } from './new-event.js';
export {
  EVENTS_QUEUE, BATCH_JOB, type EventBatch, type EventPublisher, type BatchingOptions, BullmqEventPublisher, batchJobId, eventsOfJob,
} from './publisher.js';
export { parseEventFast } from './parse-event-fast.js';
export { MicroBatcher } from './micro-batcher.js';
export { SpoolingPublisher, type SpoolingOptions, type SpoolLog } from './spooling-publisher.js';
