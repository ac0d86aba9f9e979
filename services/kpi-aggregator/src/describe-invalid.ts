import { ZodError } from 'zod';

/** A short reason for a dead letter: each bad field and what is wrong with it. */
export function describeInvalid(err: unknown): string {
  if (!(err instanceof ZodError)) return (err as Error).message;
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(event)'}: ${i.message}`)
    .join('; ');
}
