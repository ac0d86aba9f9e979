// Shared by the tickets*.test.ts files: a stack with users of every role, and walking tickets through HTTP.
import type { ActionType, Role, TicketState } from '@hotline/tickets';
import { sampleAction as samplePayload } from '../../packages/tickets/src/test-fixtures.js';
import { startStack, type Stack } from '../support/stack.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const ROADS = 'roads';
export const HOUSING = 'housing';

export const COMPLETE_FIELDS = {
  source: 'phone',
  callerName: '李女士',
  contact: '138 0013 8000',
  location: '海口市美兰区海甸岛五西路',
  event: '路边井盖缺失，晚上有行人差点掉下去',
  request: '请尽快补装井盖',
  category: 'help',
} as const;

export interface Reply<T = any> {
  status: number;
  body: T;
}

export interface TicketBody {
  id: string;
  state: TicketState;
  version: number;
  department?: string;
  allowedActions: ActionType[];
  [key: string]: unknown;
}

/** An API client holding one token. */
export class Client {
  constructor(
    private readonly stack: Stack,
    readonly token: string | undefined,
  ) {}

  async request<T = any>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const headers: Record<string, string> = {};
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const init = { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) };
    return this.stack.api<T>(path, init, { anonymous: this.token === undefined });
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body);
  }
  put<T = any>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body);
  }
}

export interface TicketStack {
  stack: Stack;
  admin: Client;
  as: Record<Role, Client>;
  /** A user of each department. */
  departmentUser: Record<typeof ROADS | typeof HOUSING, Client>;
}

/** An API-only stack with two departments and one user (and key) per role. */
export async function startTicketStack(env: Record<string, string> = {}): Promise<TicketStack> {
  const stack = await startStack({
    services: ['api'],
    asterisk: false,
    env: { ARI_URL: 'http://127.0.0.1:1', ADMIN_TOKEN, MISSED_CALL_SYNC_SEC: '0', ...env },
  });
  const admin = new Client(stack, ADMIN_TOKEN);
  for (const [id, name] of [
    [ROADS, '市政管理局'],
    [HOUSING, '住房和城乡建设局'],
  ] as const) {
    expect200(await admin.put(`/admin/departments/${id}`, { name }));
  }
  const users: Record<string, { role: Role; department?: string }> = {
    agent1: { role: 'agent' },
    sup1: { role: 'supervisor' },
    qa1: { role: 'qa' },
    'roads-user': { role: 'department', department: ROADS },
    'housing-user': { role: 'department', department: HOUSING },
  };
  const tokens: Record<string, string> = {};
  for (const [id, user] of Object.entries(users)) {
    expect200(await admin.put(`/admin/users/${id}`, { name: id, ...user }));
    const key = await admin.post<{ token: string }>(`/admin/users/${id}/keys`, { label: 'test' });
    if (key.status !== 201) throw new Error(`key for ${id}: ${JSON.stringify(key)}`);
    tokens[id] = key.body.token;
  }
  const client = (id: string) => new Client(stack, tokens[id]);
  return {
    stack,
    admin,
    as: { agent: client('agent1'), supervisor: client('sup1'), admin, qa: client('qa1'), department: client('roads-user') },
    departmentUser: { [ROADS]: client('roads-user'), [HOUSING]: client('housing-user') },
  };
}

function expect200(reply: Reply): void {
  if (reply.status !== 200) throw new Error(`setup failed: ${JSON.stringify(reply)}`);
}

/** The department user of the ticket's department (roads when it has none). */
export function departmentOf(t: TicketStack, ticket: { department?: string | undefined }): Client {
  return ticket.department === HOUSING ? t.departmentUser[HOUSING] : t.departmentUser[ROADS];
}

/** A user of the department the ticket is NOT with. */
export function otherDepartmentOf(t: TicketStack, ticket: { department?: string | undefined }): Client {
  return ticket.department === HOUSING ? t.departmentUser[ROADS] : t.departmentUser[HOUSING];
}

/** A client of `role` entitled to act on `ticket` as far as departments go. */
export function clientFor(t: TicketStack, role: Role, ticket: { department?: string | undefined }): Client {
  return role === 'department' ? departmentOf(t, ticket) : t.as[role];
}

/** A valid payload for each action (the pure package's samples), with this database's departments. */
export function sampleAction(type: ActionType, ticket: { department?: string | undefined }): Record<string, unknown> {
  return samplePayload(type, ticket, { first: ROADS, other: HOUSING });
}

type Step = readonly [ActionType | Record<string, unknown>, Role];

/** How to reach each state from a complete draft. */
export const PATHS: Record<TicketState, readonly Step[]> = {
  draft: [],
  resolved_online: [['resolve_online', 'agent']],
  dispatched: [['dispatch', 'agent']],
  accepted: [['dispatch', 'agent'], ['accept', 'department']],
  returned: [['dispatch', 'agent'], ['accept', 'department'], ['return', 'department']],
  replied: [['dispatch', 'agent'], ['accept', 'department'], ['reply', 'department']],
  callback: [['dispatch', 'agent'], ['accept', 'department'], ['reply', 'department'], ['start_callback', 'agent']],
  closed: [['dispatch', 'agent'], ['accept', 'department'], ['reply', 'department'], ['start_callback', 'agent'], ['callback_result', 'agent']],
  suspended: [['dispatch', 'agent'], ['suspend', 'supervisor']],
  difficult: [['dispatch', 'agent'], ['mark_difficult', 'agent']],
  reopened: [
    ['dispatch', 'agent'],
    ['accept', 'department'],
    ['reply', 'department'],
    ['start_callback', 'agent'],
    [{ type: 'callback_result', reached: true, satisfaction: 'dissatisfied' }, 'agent'],
  ],
};

export async function createTicket(t: TicketStack, fields: Record<string, unknown> = COMPLETE_FIELDS): Promise<TicketBody> {
  const created = await t.as.agent.post<TicketBody>('/tickets', fields);
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created)}`);
  return created.body;
}

export async function act(client: Client, ticketId: string, action: Record<string, unknown>): Promise<Reply<TicketBody>> {
  return client.post<TicketBody>(`/tickets/${ticketId}/actions`, action);
}

/** A new ticket walked to `state` through HTTP. */
export async function ticketIn(t: TicketStack, state: TicketState): Promise<TicketBody> {
  let ticket = await createTicket(t);
  for (const [step, role] of PATHS[state]) {
    const action = typeof step === 'string' ? sampleAction(step, ticket) : step;
    const result = await act(clientFor(t, role, ticket), ticket.id, action);
    if (result.status !== 200) throw new Error(`walking to ${state}: ${JSON.stringify(action)} as ${role} gave ${JSON.stringify(result)}`);
    ticket = result.body;
  }
  if (ticket.state !== state) throw new Error(`walked to ${ticket.state}, not ${state}`);
  return ticket;
}
