/**
 * The words of the ticket domain with their Chinese names, as the seeds and
 * the agents' screens use them. The literals are the same as `@hotline/sla`'s
 * (a test checks that a Ticket is usable as SLA facts).
 */

/** Where a ticket came from. Seed 001: "语音、网络、微信、短信、app及其他媒体". */
export const CHANNELS = ['phone', 'web', 'wechat', 'app', 'email', 'sms', 'mayor_mailbox'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Every channel but the phone: dispatched within 5 min instead of 15 (seed 001). */
export const NETWORK_CHANNELS = ['web', 'wechat', 'app', 'email', 'sms', 'mayor_mailbox'] as const satisfies readonly Channel[];

export const CHANNEL_NAMES: Readonly<Record<Channel, string>> = {
  phone: '电话',
  web: '网站',
  wechat: '微信',
  app: 'APP',
  email: '电子邮件',
  sms: '短信',
  mayor_mailbox: '市长信箱',
};

/** Seed 003: "咨询、投诉、求助、建议" (+ 举报, seed 002's 投诉类、举报类). */
export const CATEGORIES = ['consult', 'complaint', 'help', 'suggestion', 'report'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_NAMES: Readonly<Record<Category, string>> = {
  consult: '咨询',
  complaint: '投诉',
  help: '求助',
  suggestion: '建议',
  report: '举报',
};

/** Seed 001: 紧急类 / 非紧急 办件 (return review 30 min vs 3 h). */
export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const URGENCY_NAMES: Readonly<Record<Urgency, string>> = { normal: '普通', urgent: '紧急' };

/**
 * Who acts on a ticket.
 * - agent (热线员 / 回访员): takes calls, writes and dispatches tickets, reviews returns and replies, calls back;
 * - supervisor (班长): everything an agent does, plus reopening;
 * - admin (管理员): same as a supervisor;
 * - department (职能部门 / 承办单位): only on tickets dispatched to its own department;
 * - qa (质检员): reopens a ticket found wrongly closed (seed 001: 错误办结).
 */
export const ROLES = ['agent', 'supervisor', 'admin', 'department', 'qa'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  agent: '热线员',
  supervisor: '班长',
  admin: '管理员',
  department: '职能部门',
  qa: '质检员',
};

/** A callback's outcome as the caller gives it. */
export const SATISFACTIONS = ['satisfied', 'dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];
