import type { z } from 'zod';

/** One problem with input, named by its field path (`event`, `fields.contact`, `evidence.0`). */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/** Zod's issues as FieldIssues; the message of each names its field. */
export function toFieldIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldIssue[] {
  return error.issues.map((issue) => {
    const field = [...prefix, ...issue.path].map(String).join('.') || '(root)';
    return { field, message: issue.message.startsWith(`${field}:`) ? issue.message : `${field}: ${issue.message}` };
  });
}
