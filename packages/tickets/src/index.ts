// The ticket (工单) domain: pure functions and tables; time is always epoch ms passed in.
export {
  CATEGORIES,
  CATEGORY_NAMES,
  CHANNELS,
  CHANNEL_NAMES,
  NETWORK_CHANNELS,
  ROLES,
  ROLE_NAMES,
  SATISFACTIONS,
  URGENCIES,
  URGENCY_NAMES,
  type Category,
  type Channel,
  type Role,
  type Satisfaction,
  type Urgency,
} from './vocabulary.js';
export { isMobileNumber, normalizeNumber } from './phone-number.js';
export { callerIdForms } from './caller-id-forms.js';
export { toFieldIssues, type FieldIssue } from './field-issues.js';
export { TEXT_LIMITS } from './text-field.js';
export {
  ANONYMOUS_CALLER_NAME,
  FIELD_NAMES,
  REQUIRED_FIELDS,
  categorySchema,
  channelSchema,
  contactSchema,
  departmentSchema,
  isAnonymous,
  pickFields,
  ticketDraftFieldsSchema,
  ticketFieldsPatchSchema,
  ticketFieldsSchema,
  urgencySchema,
  validateCompleteFields,
  validateDraftFields,
  type FieldsResult,
  type RequiredField,
  type TicketDraftFields,
  type TicketDraftFieldsInput,
  type TicketFields,
  type TicketFieldsPatch,
  type TicketFieldsPatchInput,
} from './ticket-fields.js';
export {
  AT_DEPARTMENT_STATES,
  FINISHED_STATES,
  HOLD_STATES,
  STATE_NAMES,
  TICKET_STATES,
  type TicketState,
} from './ticket-states.js';
export { HOTLINE_ROLES, actorSchema, type Actor } from './actor.js';
export {
  ACTION_NAMES,
  ACTION_TYPES,
  isActionType,
  ticketActionSchema,
  type ActionOf,
  type ActionType,
  type TicketAction,
  type TicketActionInput,
} from './ticket-actions.js';
export { TRANSITIONS, actionsFrom, findTransition, type Transition } from './transition-table.js';
export {
  isDispatchAccurate,
  type DepartmentReply,
  type EpochMs,
  type Hold,
  type ReturnRecord,
  type Ticket,
} from './ticket.js';
export { diffTickets, type CreateAction, type FieldChange, type HistoryEntry } from './history.js';
export type { ActionResult, Applied, Forbidden, IllegalTransition, Invalid } from './outcome.js';
export { createTicket, type NewTicket } from './create-ticket.js';
export { DEFAULT_WORKFLOW_OPTIONS, type WorkflowOptions } from './workflow-options.js';
export { applyAction, availableActions } from './apply-action.js';
export { refusal } from './permissions.js';
export { missingReplyElements, type ReplyElement } from './reply-review.js';
export {
  DEFAULT_CALLBACK_POLICY,
  callbackPolicySchema,
  needsCallback,
  type CallbackDecision,
  type CallbackPolicy,
  type CallbackPolicyInput,
  type CallbackReason,
} from './callback-policy.js';
export { unitHash } from './stable-hash.js';
export {
  mergeMissedCallTasks,
  missedCallCallbackTask,
  type AbandonedCall,
  type MissedCallOptions,
  type MissedCallSkip,
  type MissedCallTask,
  type MissedCallTaskResult,
} from './missed-call-task.js';
