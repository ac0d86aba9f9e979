import { z } from 'zod';

/**
 * Limits on free text. Large enough for any real call, small enough that a
 * 1 MB paste is refused with the field's name rather than stored.
 */
export const TEXT_LIMITS = {
  /** 来电人姓名 */
  callerName: 200,
  /** 联系方式, before normalisation */
  contact: 100,
  /** 地点 */
  location: 500,
  /** 事件 */
  event: 2000,
  /** 诉求 */
  request: 2000,
  callId: 200,
  department: 200,
  /** reasons, notes, answers */
  note: 2000,
  /** a department's reply (办理过程及结果) */
  reply: 4000,
  /** one evidence reference or photo reference */
  reference: 500,
  /** evidence references / photos per action */
  references: 20,
} as const;

/**
 * A required trimmed string of 1..max characters whose errors say which field
 * failed and, for a too-long value, how long it was.
 */
export function requiredText(label: string, max: number) {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? `${label} is required` : `${label} must be text`),
    })
    .trim()
    .min(1, { error: `${label} must not be empty` })
    .max(max, {
      error: (issue) => `${label} is too long: at most ${max} characters, got ${typeof issue.input === 'string' ? issue.input.length : '?'}`,
    });
}

/** Up to `TEXT_LIMITS.references` references (attachment ids, URLs, citations). */
export function references(label: string) {
  return z
    .array(requiredText(`${label} item`, TEXT_LIMITS.reference))
    .max(TEXT_LIMITS.references, { error: `${label}: at most ${TEXT_LIMITS.references} items` });
}
