export type {
  Action,
  CancelTimerAction,
  EnqueueAction,
  HangupAction,
  HangupReason,
  Input,
  PlayAction,
  StartTimerAction,
  StopPlaybackAction,
  TransferAction,
} from './actions.js';
export { clockMinutes, hoursOn, isOpen } from './business-hours.js';
export { DTMF_DIGITS, isDtmfDigit } from './digits.js';
export type { DtmfDigit } from './digits.js';
export { formatIssue, formatIssuePath } from './ivr-issue.js';
export type { IssuePath, IvrIssue } from './ivr-issue.js';
export { HANGUP_KEYWORD, ivrNodeSchema, ivrSchema } from './ivr-schema.js';
export type {
  HangupNode,
  HoursNode,
  Ivr,
  IvrInput,
  IvrNode,
  IvrNodeType,
  MenuNode,
  MessageNode,
  PlayNode,
  QueueNode,
  TransferNode,
} from './ivr-schema.js';
export { loadIvr } from './load-ivr.js';
export { nodeReferences } from './node-references.js';
export type { NodeReference } from './node-references.js';
export { IvrConfigError, parseIvr, safeParseIvr } from './parse-ivr.js';
export type { ParsedIvr, SafeParseIvrResult } from './parse-ivr.js';
export { WEEKDAYS, businessScheduleSchema } from './schedule-schema.js';
export type { BusinessSchedule, OpenInterval, Weekday, WeeklyHours } from './schedule-schema.js';
export { DEFAULT_SURVEY_MAPPING, NO_ANSWER, surveyResultFromDigit } from './survey.js';
export type { SurveyAnswer } from './survey.js';
export { validateIvr } from './validate-ivr.js';
export { isEnded, lastAcceptedKey, outcomeOf, visitedNodes } from './walk-state.js';
export type { Cursor, Outcome, PathEntry, Step, WalkState } from './walk-state.js';
export { cancel, next, start } from './walker.js';
