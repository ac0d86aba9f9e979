import type { DepartmentReply, Ticket } from './ticket.js';

/** The elements of a department reply that seed 001 (答复意见审核) checks. */
export type ReplyElement = 'text' | 'handledAt' | 'handledPlace' | 'handledBy' | 'nextSteps' | 'photos';

/**
 * What a reply lacks, for the agent reviewing it (then `reject_reply`).
 * Complaints need "具体办理时间、具体办理地点、具体处理部门及工作人员、具体处理过程及结果
 * （紧急件要求附现场照片）、如未解决的应提出下一步计划及措施"; other categories
 * need the text only. Advisory: `applyAction` does not enforce it.
 */
export function missingReplyElements(
  ticket: Pick<Ticket, 'category' | 'urgency'>,
  reply: Pick<DepartmentReply, 'text' | 'resolved' | 'handledAt' | 'handledPlace' | 'handledBy' | 'nextSteps' | 'photos'>,
): ReplyElement[] {
  const missing: ReplyElement[] = [];
  if (reply.text.trim() === '') missing.push('text');
  if (ticket.category !== 'complaint') return missing;
  if (reply.handledAt === undefined) missing.push('handledAt');
  if (reply.handledPlace === undefined) missing.push('handledPlace');
  if (reply.handledBy === undefined) missing.push('handledBy');
  if (!reply.resolved && reply.nextSteps === undefined) missing.push('nextSteps');
  if (ticket.urgency === 'urgent' && (reply.photos?.length ?? 0) === 0) missing.push('photos');
  return missing;
}
