import { z } from 'zod';
import { ROLES, type Role } from './vocabulary.js';

/**
 * Who performs an action. A department user carries the department it works
 * for: it may only act on tickets dispatched to that department.
 */
export interface Actor {
  readonly id: string;
  readonly role: Role;
  readonly department?: string | undefined;
}

export const actorSchema = z
  .object({
    id: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    department: z.string().trim().min(1).max(200).optional(),
  })
  .refine((actor) => actor.role !== 'department' || actor.department !== undefined, {
    path: ['department'],
    message: 'a department actor needs its department',
  });

/** Hotline-side roles that write, dispatch, review and call back. */
export const HOTLINE_ROLES = ['agent', 'supervisor', 'admin'] as const satisfies readonly Role[];
