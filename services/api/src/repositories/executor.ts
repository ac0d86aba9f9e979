import type { Database } from '@hotline/db';
import type { Kysely } from 'kysely';

/** The pool or a transaction: repositories take either, so a service decides what is atomic. */
export type Executor = Kysely<Database>;
