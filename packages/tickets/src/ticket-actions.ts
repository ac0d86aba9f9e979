import { z } from 'zod';
import { TEXT_LIMITS, references, requiredText } from './text-field.js';
import { departmentSchema, ticketFieldsPatchSchema } from './ticket-fields.js';
import { SATISFACTIONS } from './vocabulary.js';

const reason = requiredText('reason', TEXT_LIMITS.note);
const note = requiredText('note', TEXT_LIMITS.note);

/** Correct or complete the fields (draft, a returned ticket under review, a reopened one). */
const edit = z.object({ type: z.literal('edit'), fields: ticketFieldsPatchSchema });

/** 在线办结: the agent answered the caller; `answer` is what was said. */
const resolveOnline = z.object({ type: z.literal('resolve_online'), answer: requiredText('answer', TEXT_LIMITS.note) });

/** 派单 to a department. */
const dispatch = z.object({ type: z.literal('dispatch'), department: departmentSchema, note: note.optional() });

/** 签收: the department takes the ticket. */
const accept = z.object({ type: z.literal('accept') });

/**
 * 退单: seed 001 requires the reason in detail and the legal/policy basis and
 * formal documents ("详细说明退件理由，同时提供相关法律法规等政策依据和正式文件材料证明"):
 * `evidence` holds references to them (attachment ids, URLs, citations), at least one.
 */
const returnTicket = z.object({
  type: z.literal('return'),
  reason,
  evidence: references('evidence').min(1, { error: 'evidence: at least one policy basis or document is required' }),
});

/** The hotline accepts the return and re-dispatches to another department (改派). */
const approveReturn = z.object({ type: z.literal('approve_return'), department: departmentSchema, note: note.optional() });

/** The hotline refuses the return: the ticket goes back to the same department. */
const rejectReturn = z.object({ type: z.literal('reject_return'), reason });

/**
 * 答复: the department's answer. For complaints seed 001 (答复意见审核) wants
 * when, where, who handled it, the process and result, photos for urgent
 * tickets and next steps when unresolved: see `missingReplyElements`.
 */
const reply = z.object({
  type: z.literal('reply'),
  text: requiredText('text', TEXT_LIMITS.reply),
  /** Whether the department considers the request resolved. */
  resolved: z.boolean(),
  /** 具体办理时间 (epoch ms) */
  handledAt: z.number().finite().optional(),
  /** 具体办理地点 */
  handledPlace: requiredText('handledPlace', TEXT_LIMITS.location).optional(),
  /** 具体处理部门及工作人员 */
  handledBy: requiredText('handledBy', TEXT_LIMITS.callerName).optional(),
  /** 下一步计划及措施 (when not resolved) */
  nextSteps: requiredText('nextSteps', TEXT_LIMITS.note).optional(),
  /** 现场照片 references */
  photos: references('photos').optional(),
});

/** 答复意见审核 failed: the reply does not answer the request; back to the department. */
const rejectReply = z.object({ type: z.literal('reject_reply'), reason });

/** 回访 begins. */
const startCallback = z.object({ type: z.literal('start_callback') });

/**
 * The outcome of one callback attempt. Not reached: the ticket stays in
 * callback (attempts are counted). Reached: satisfied closes, dissatisfied
 * reopens (seed 001: "如问题未解决，应及时返单给职能局继续处置").
 */
const callbackResult = z
  .object({
    type: z.literal('callback_result'),
    reached: z.boolean(),
    satisfaction: z.enum(SATISFACTIONS).optional(),
    note: note.optional(),
  })
  .superRefine((action, ctx) => {
    if (action.reached && action.satisfaction === undefined) {
      ctx.addIssue({ code: 'custom', path: ['satisfaction'], message: 'satisfaction: required when the caller was reached' });
    }
    if (!action.reached && action.satisfaction !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['satisfaction'], message: 'satisfaction: only when the caller was reached' });
    }
  });

/** 办结 without (or without a result of) a callback; a reason is needed when closing from callback. */
const close = z.object({ type: z.literal('close'), reason: reason.optional() });

/**
 * 挂起 / 疑难. `reported`: the hold was reported to the hotline office, which
 * exempts it from the 48 h stale rule (seed 001: "已向热线办报备除外").
 */
const suspend = z.object({ type: z.literal('suspend'), reason, reported: z.boolean().default(false) });
const markDifficult = z.object({ type: z.literal('mark_difficult'), reason, reported: z.boolean().default(false) });

/** Back to the state the ticket was held in. */
const resume = z.object({ type: z.literal('resume'), note: note.optional() });

/** 重办: a finished ticket is opened again (a wrong closure found by QA, the caller calls again...). */
const reopen = z.object({ type: z.literal('reopen'), reason });

/** 跟进 / 催办: a note that touches the ticket (resets the 48 h stale clock). */
const followUp = z.object({ type: z.literal('follow_up'), note });

/** Every action, validated (use it for HTTP bodies: `{ type: 'dispatch', department: '...' }`). */
export const ticketActionSchema = z.discriminatedUnion('type', [
  edit,
  resolveOnline,
  dispatch,
  accept,
  returnTicket,
  approveReturn,
  rejectReturn,
  reply,
  rejectReply,
  startCallback,
  callbackResult,
  close,
  suspend,
  markDifficult,
  resume,
  reopen,
  followUp,
]);

export type TicketAction = z.output<typeof ticketActionSchema>;
export type TicketActionInput = z.input<typeof ticketActionSchema>;
export type ActionType = TicketAction['type'];
export type ActionOf<T extends ActionType> = Extract<TicketAction, { type: T }>;

export const ACTION_TYPES = [
  'edit',
  'resolve_online',
  'dispatch',
  'accept',
  'return',
  'approve_return',
  'reject_return',
  'reply',
  'reject_reply',
  'start_callback',
  'callback_result',
  'close',
  'suspend',
  'mark_difficult',
  'resume',
  'reopen',
  'follow_up',
] as const satisfies readonly ActionType[];

export const ACTION_NAMES: Readonly<Record<ActionType, string>> = {
  edit: '修改',
  resolve_online: '在线办结',
  dispatch: '派单',
  accept: '签收',
  return: '退单',
  approve_return: '退单审核通过(改派)',
  reject_return: '退单审核驳回',
  reply: '答复',
  reject_reply: '答复审核驳回',
  start_callback: '开始回访',
  callback_result: '回访结果',
  close: '办结',
  suspend: '挂起',
  mark_difficult: '标记疑难',
  resume: '恢复',
  reopen: '重办',
  follow_up: '跟进',
};

export function isActionType(value: unknown): value is ActionType {
  return typeof value === 'string' && (ACTION_TYPES as readonly string[]).includes(value);
}
