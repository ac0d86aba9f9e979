import { randomUUID } from 'node:crypto';
import { SCHEMA_VERSION, type HotlineEvent } from './schema.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type EventFields = DistributiveOmit<HotlineEvent, 'v' | 'eventId' | 'at' | 'source'>;

/** Stamps an event with the schema version, a fresh id and the time. */
export function newEvent<E extends EventFields>(source: string, fields: E, at: Date = new Date()) {
  return { ...fields, v: SCHEMA_VERSION, eventId: randomUUID(), at: at.toISOString(), source } as E & {
    v: typeof SCHEMA_VERSION;
    eventId: string;
    at: string;
    source: string;
  };
}
