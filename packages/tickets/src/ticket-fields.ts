import { z } from 'zod';
import { toFieldIssues, type FieldIssue } from './field-issues.js';
import { normalizeNumber } from './phone-number.js';
import { TEXT_LIMITS, requiredText } from './text-field.js';
import { CATEGORIES, CATEGORY_NAMES, CHANNELS, URGENCIES, type Category, type Channel, type Urgency } from './vocabulary.js';

/**
 * A caller who will not give a name is recorded as 匿名: seed 001 (工单内容质量)
 * counts a ticket without the name element as a defect, so the element is
 * always filled, and an anonymous caller is visible as such.
 */
export const ANONYMOUS_CALLER_NAME = '匿名';

export function isAnonymous(callerName: string | undefined): boolean {
  return callerName?.trim() === ANONYMOUS_CALLER_NAME;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * 联系方式: a phone number (normalised, see `normalizeNumber`) or, for letters
 * from the network channels, an e-mail address (lower-cased).
 */
export const contactSchema = requiredText('contact', TEXT_LIMITS.contact).transform((value, ctx) => {
  if (EMAIL.test(value)) return value.toLowerCase();
  const number = normalizeNumber(value);
  if (number === null) {
    ctx.issues.push({ code: 'custom', message: 'contact is not a phone number or e-mail address', input: value });
    return z.NEVER;
  }
  return number;
});

export const channelSchema = z.enum(CHANNELS, { error: `source must be one of ${CHANNELS.join(', ')}` });
export const categorySchema = z.enum(CATEGORIES, {
  error: (issue) =>
    issue.input === undefined
      ? `category is required (${describeCategories()})`
      : `category must be one of ${describeCategories()}`,
});
export const urgencySchema = z.enum(URGENCIES, { error: `urgency must be one of ${URGENCIES.join(', ')}` });
export const departmentSchema = requiredText('department', TEXT_LIMITS.department);

function describeCategories(): string {
  return CATEGORIES.map((c) => `${c} ${CATEGORY_NAMES[c]}`).join(', ');
}

/**
 * The five elements seed 001 requires of every dispatched ticket
 * ("来电人姓名、联系方式、地点、事件、诉求"), plus the category (分类准确).
 */
export const REQUIRED_FIELDS = ['callerName', 'contact', 'location', 'event', 'request', 'category'] as const;
export type RequiredField = (typeof REQUIRED_FIELDS)[number];

/** Chinese names of the fields, for the agents' screens and error messages. */
export const FIELD_NAMES: Readonly<Record<RequiredField | 'source' | 'urgency' | 'callId', string>> = {
  source: '来源渠道',
  callId: '通话编号',
  callerName: '来电人姓名',
  contact: '联系方式',
  location: '地点',
  event: '事件',
  request: '诉求',
  category: '分类',
  urgency: '紧急程度',
};

const editableShape = {
  /** The call this ticket was written from (phone tickets only). */
  callId: requiredText('callId', TEXT_LIMITS.callId),
  callerName: requiredText('callerName', TEXT_LIMITS.callerName),
  contact: contactSchema,
  location: requiredText('location', TEXT_LIMITS.location),
  /** What happened (事件). */
  event: requiredText('event', TEXT_LIMITS.event),
  /** What the caller asks for (诉求). */
  request: requiredText('request', TEXT_LIMITS.request),
  category: categorySchema,
  urgency: urgencySchema,
};

function callIdOnlyForPhone(fields: { source: Channel; callId?: string | undefined }, ctx: z.RefinementCtx): void {
  if (fields.callId !== undefined && fields.source !== 'phone') {
    ctx.addIssue({ code: 'custom', path: ['callId'], message: 'callId: only phone tickets come from a call' });
  }
}

/**
 * A ticket being written (草稿): only the channel is needed; the agent fills
 * the rest while talking. Limits apply already.
 */
export const ticketDraftFieldsSchema = z
  .object({
    source: channelSchema,
    callId: editableShape.callId.optional(),
    callerName: editableShape.callerName.optional(),
    contact: editableShape.contact.optional(),
    location: editableShape.location.optional(),
    event: editableShape.event.optional(),
    request: editableShape.request.optional(),
    category: editableShape.category.optional(),
    urgency: editableShape.urgency.default('normal'),
  })
  .strict()
  .superRefine(callIdOnlyForPhone);

/** A ticket ready to leave the agent (dispatched or resolved online): every element present. */
export const ticketFieldsSchema = z
  .object({
    source: channelSchema,
    ...editableShape,
    callId: editableShape.callId.optional(),
    urgency: editableShape.urgency.default('normal'),
  })
  .strict()
  .superRefine(callIdOnlyForPhone);

/** A change to a ticket's fields (the channel is a fact and cannot be edited). */
export const ticketFieldsPatchSchema = z
  .object(editableShape)
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'nothing to change' });

export interface TicketFields {
  readonly source: Channel;
  readonly callId?: string | undefined;
  /** 来电人姓名; `匿名` for an anonymous caller. */
  readonly callerName: string;
  /** 联系方式: a normalised phone number or an e-mail address. */
  readonly contact: string;
  /** 地点 */
  readonly location: string;
  /** 事件: what happened. */
  readonly event: string;
  /** 诉求: what the caller asks for. */
  readonly request: string;
  readonly category: Category;
  readonly urgency: Urgency;
}

/** The fields of a ticket still being written. */
export type TicketDraftFields = Pick<TicketFields, 'source' | 'urgency'> &
  Partial<Omit<TicketFields, 'source' | 'urgency'>>;

export type TicketDraftFieldsInput = z.input<typeof ticketDraftFieldsSchema>;
export type TicketFieldsPatch = z.output<typeof ticketFieldsPatchSchema>;
export type TicketFieldsPatchInput = z.input<typeof ticketFieldsPatchSchema>;

export type FieldsResult<T> = { readonly ok: true; readonly fields: T } | { readonly ok: false; readonly issues: readonly FieldIssue[] };

/** Validate a draft (limits only). */
export function validateDraftFields(input: unknown): FieldsResult<TicketDraftFields> {
  const result = ticketDraftFieldsSchema.safeParse(input);
  return result.success ? { ok: true, fields: result.data } : { ok: false, issues: toFieldIssues(result.error) };
}

/** Validate that every required element is there (before dispatch or online resolution). */
export function validateCompleteFields(input: unknown): FieldsResult<TicketFields> {
  const result = ticketFieldsSchema.safeParse(input);
  return result.success ? { ok: true, fields: result.data } : { ok: false, issues: toFieldIssues(result.error) };
}

/** The field part of anything ticket-shaped (a Ticket carries its fields at the top level). */
export function pickFields(ticket: TicketDraftFields): TicketDraftFields {
  const { source, callId, callerName, contact, location, event, request, category, urgency } = ticket;
  const picked: Record<string, unknown> = { source, callId, callerName, contact, location, event, request, category, urgency };
  for (const key of Object.keys(picked)) if (picked[key] === undefined) delete picked[key];
  return picked as unknown as TicketDraftFields;
}
