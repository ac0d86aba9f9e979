/** The event schema version; see schema.ts. */
export const SCHEMA_VERSION = 1;
