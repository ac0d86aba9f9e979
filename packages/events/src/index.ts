export * from './schema.js';
export * from './ticket-events.js';
export { newEvent, type EventFields } from './new-event.js';
export { EVENTS_QUEUE, type EventPublisher, BullmqEventPublisher } from './publisher.js';
export { SpoolingPublisher, type SpoolingOptions, type SpoolLog } from './spooling-publisher.js';
