import { z } from 'zod';
import { DTMF_DIGITS } from './digits.js';
import { businessScheduleShape, timeZoneSchema } from './schedule-schema.js';

/** `then: "hangup"` on a message node; therefore no node may be called "hangup". */
export const HANGUP_KEYWORD = 'hangup';

/** Node ids are plain words so that issue paths like `nodes.main.options.3` stay readable. */
export const nodeIdSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a node id is a letter followed by letters, digits, "_" or "-"');

/**
 * An Asterisk sound name without extension, as `sound:<name>` media wants it:
 * "hello-world", "digits/1", "custom/welcome". No "..", no leading "/".
 */
export const soundNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/, 'a sound name like "hello-world" or "custom/welcome"');

/**
 * One sound or a list of sounds played in order; always a list after parsing.
 * (A preprocess rather than a union, so that a bad name is reported at its own
 * path with its own reason instead of "Invalid input".)
 */
export const promptsSchema = z.preprocess(
  (value) => (typeof value === 'string' ? [value] : value),
  z.array(soundNameSchema).min(1, 'at least one sound'),
);

/** Plays prompts the caller cannot interrupt, then goes on to `next`. */
export const playNodeSchema = z.strictObject({
  type: z.literal('play'),
  prompts: promptsSchema,
  next: nodeIdSchema,
});

/**
 * Plays prompts (interruptible by a key) and waits `timeoutSec` for one key.
 * A wrong key or silence is a failure: the menu replays (after `invalidPrompt`
 * or `timeoutPrompt`) up to `maxRetries` times, so the caller gets
 * `maxRetries + 1` tries in all; the next failure goes to `onFailure`.
 */
export const menuNodeSchema = z.strictObject({
  type: z.literal('menu'),
  prompts: promptsSchema,
  options: z
    .partialRecord(z.enum(DTMF_DIGITS), nodeIdSchema)
    .refine((o) => Object.keys(o).length > 0, 'a menu needs at least one option'),
  timeoutSec: z.number().positive().max(120).default(5),
  maxRetries: z.number().int().min(0).max(10).default(3),
  invalidPrompt: promptsSchema,
  timeoutPrompt: promptsSchema.optional(),
  onFailure: nodeIdSchema,
});

/** Business-hours / holiday switch, decided at the moment the call reaches it. */
export const hoursNodeSchema = z.strictObject({
  type: z.literal('hours'),
  ...businessScheduleShape,
  open: nodeIdSchema,
  closed: nodeIdSchema,
});

/** A self-service announcement; afterwards hang up or go back (usually to a menu). */
export const messageNodeSchema = z.strictObject({
  type: z.literal('message'),
  prompts: promptsSchema,
  then: z.union([z.literal(HANGUP_KEYWORD), nodeIdSchema]),
});

/** Ends the IVR: the caller asks for a person and waits in a queue. */
export const queueNodeSchema = z.strictObject({
  type: z.literal('queue'),
  queueId: z.string().regex(/^[A-Za-z0-9_-]+$/, 'a queue id of letters, digits, "_" or "-"'),
  priority: z.number().int().min(0).max(100).default(0),
  skill: z.string().min(1).optional(),
});

/** Ends the IVR: the call goes to an outside number (another hotline such as 12319). */
export const transferNodeSchema = z.strictObject({
  type: z.literal('transfer'),
  number: z.string().regex(/^\+?[0-9]{3,20}$/, 'digits with an optional leading "+", e.g. "12319" or "+8675512345"'),
});

/** Ends the IVR by hanging up. */
export const hangupNodeSchema = z.strictObject({
  type: z.literal('hangup'),
});

export const ivrNodeSchema = z.discriminatedUnion('type', [
  playNodeSchema,
  menuNodeSchema,
  hoursNodeSchema,
  messageNodeSchema,
  queueNodeSchema,
  transferNodeSchema,
  hangupNodeSchema,
]);

/** The structure of one site's IVR file; cross-references are checked by `validateIvr`. */
export const ivrSchema = z.strictObject({
  timezone: timeZoneSchema.default('Asia/Shanghai'),
  start: nodeIdSchema,
  nodes: z.record(nodeIdSchema, ivrNodeSchema),
});

export type PlayNode = z.infer<typeof playNodeSchema>;
export type MenuNode = z.infer<typeof menuNodeSchema>;
export type HoursNode = z.infer<typeof hoursNodeSchema>;
export type MessageNode = z.infer<typeof messageNodeSchema>;
export type QueueNode = z.infer<typeof queueNodeSchema>;
export type TransferNode = z.infer<typeof transferNodeSchema>;
export type HangupNode = z.infer<typeof hangupNodeSchema>;
export type IvrNode = z.infer<typeof ivrNodeSchema>;
export type IvrNodeType = IvrNode['type'];
/** A parsed IVR: defaults filled in, prompts always lists. */
export type Ivr = z.infer<typeof ivrSchema>;
/** What a config file may contain (defaults optional, prompts may be a single name). */
export type IvrInput = z.input<typeof ivrSchema>;
