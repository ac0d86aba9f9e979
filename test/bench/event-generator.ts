// Generates a month (or any span) of hotline traffic as events, with the ground truth:
// each call's and ticket's true fact, from which KPIs are computed directly with packages/kpi
// (no aggregator involved). Deterministic for a seed, so failures reproduce.
import { randomUUID } from 'node:crypto';
import { newEvent, type HotlineEvent } from '@hotline/events';
import type { CallFact, SurveyAnswer, TicketFact } from '@hotline/kpi';

export interface GeneratedTraffic {
  events: HotlineEvent[];
  calls: CallFact[];
  tickets: TicketFact[];
}

export interface GeneratorOptions {
  /** Start of the span (epoch ms) and its length. */
  from: number;
  spanMs: number;
  agents: number;
  queues: readonly string[];
  /** Answered calls per agent (IVR-only and abandoned calls come on top, ~10 % and ~15 %). */
  callsPerAgent: number;
  tickets: number;
  seed: number;
}

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURVEYS: SurveyAnswer[] = ['satisfied', 'satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'no_answer'];

export function generateTraffic(o: GeneratorOptions): GeneratedTraffic {
  const rnd = prng(o.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const events: HotlineEvent[] = [];
  const calls: CallFact[] = [];
  const ev = (at: number, fields: Parameters<typeof newEvent>[1]) => events.push(newEvent('generator', fields, new Date(at)) as HotlineEvent);
  const slot = o.spanMs / Math.max(1, o.callsPerAgent);

  // Answered calls: each agent works its calls one after another (on_call, wrap_up, ready),
  // so each wrap-up interval ends exactly at the generated ACW.
  for (let a = 0; a < o.agents; a++) {
    const agentId = `agent${String(a + 1).padStart(4, '0')}`;
    let cursor = o.from + int(0, 60_000);
    ev(cursor, { type: 'agent.state_changed', agentId, from: 'signed_out', to: 'ready' });
    for (let i = 0; i < o.callsPerAgent; i++) {
      const callId = `c-${a}-${i}-${randomUUID().slice(0, 8)}`;
      const queueId = pick(o.queues);
      const arrivedAt = Math.max(cursor, o.from + Math.floor(i * slot) + int(0, Math.floor(slot / 3)));
      const queuedAt = arrivedAt + int(2_000, 20_000);
      // Waits around the 15 s and 30 s bounds, exactly at them included.
      const waitMs = pick([int(0, 14_999), int(0, 14_999), int(0, 14_999), 15_000, int(15_001, 30_000), 30_000, int(30_001, 90_000)]);
      const answeredAt = queuedAt + waitMs;
      const holdMs = rnd() < 0.2 ? int(1_000, 30_000) : 0;
      const endedAt = answeredAt + holdMs + int(20_000, 400_000);
      const acwMs = int(5_000, 150_000);
      const survey = rnd() < 0.6 ? pick(SURVEYS) : null;
      const recorded = rnd() < 0.8;
      ev(arrivedAt, { type: 'call.arrived', callId, caller: `138${int(10_000_000, 99_999_999)}`, dialed: '12345', channelId: callId });
      ev(arrivedAt + 200, { type: 'call.answered', callId, party: 'ivr' });
      ev(queuedAt, { type: 'call.queued', callId, queueId, skill: queueId, priority: 0 });
      ev(queuedAt + 100, { type: 'call.offered', callId, queueId, agentId, attempt: 1 });
      ev(answeredAt - 1 < queuedAt + 100 ? queuedAt + 100 : answeredAt - 1, { type: 'agent.state_changed', agentId, from: 'ready', to: 'reserved', callId });
      ev(answeredAt, { type: 'call.answered', callId, party: 'agent', agentId, queueId, waitMs });
      ev(answeredAt, { type: 'agent.state_changed', agentId, from: 'reserved', to: 'on_call', callId });
      if (holdMs > 0) {
        ev(answeredAt + 5_000, { type: 'call.held', callId, agentId });
        ev(answeredAt + 5_000 + holdMs, { type: 'call.unheld', callId, agentId, holdMs });
      }
      ev(endedAt, { type: 'call.ended', callId, cause: 'Normal Clearing', endedBy: 'caller' });
      ev(endedAt, { type: 'agent.state_changed', agentId, from: 'on_call', to: 'wrap_up', callId });
      ev(endedAt + acwMs, { type: 'agent.state_changed', agentId, from: 'wrap_up', to: 'ready' });
      if (survey) ev(endedAt + 1_000, { type: 'survey.answered', callId, agentId, result: survey });
      if (recorded) {
        ev(endedAt + 2_000, {
          type: 'recording.stored', callId, recordingId: `r-${callId}`, agentId, path: `/rec/${callId}.wav`,
          durationMs: endedAt - answeredAt, sampleRate: 8000, channels: 1, sha256: 'a'.repeat(64),
        });
      }
      calls.push({
        callId, queueId, agentId, arrivedAt, queuedAt, answeredAt, abandonedAt: null, endedAt, waitMs,
        talkMs: endedAt - answeredAt - holdMs, holdMs, acwMs, survey, calledBack: false, recorded, reviewed: false,
      });
      cursor = endedAt + acwMs + int(1_000, 60_000);
    }
  }

  // Abandoned calls (some called back by a missed-call task) and IVR-only calls.
  const extra = Math.round(o.agents * o.callsPerAgent * 0.25);
  for (let i = 0; i < extra; i++) {
    const callId = `x-${i}-${randomUUID().slice(0, 8)}`;
    const arrivedAt = o.from + int(0, o.spanMs - 600_000);
    ev(arrivedAt, { type: 'call.arrived', callId, caller: `139${int(10_000_000, 99_999_999)}`, dialed: '12345', channelId: callId });
    if (i % 5 < 2) {
      const endedAt = arrivedAt + int(5_000, 60_000);
      ev(endedAt, { type: 'call.ended', callId, cause: 'Normal Clearing', endedBy: 'caller' });
      calls.push({ callId, arrivedAt, endedAt, talkMs: 0, holdMs: 0, acwMs: 0 });
      continue;
    }
    const queueId = pick(o.queues);
    const queuedAt = arrivedAt + int(2_000, 20_000);
    const waitMs = int(0, 120_000);
    const abandonedAt = queuedAt + waitMs;
    const calledBack = rnd() < 0.5;
    ev(queuedAt, { type: 'call.queued', callId, queueId, skill: queueId, priority: 0 });
    ev(abandonedAt, { type: 'call.abandoned', callId, queueId, waitMs });
    ev(abandonedAt, { type: 'call.ended', callId, cause: 'Normal Clearing', endedBy: 'caller' });
    if (calledBack) {
      ev(abandonedAt + int(60_000, 3_600_000), { type: 'ticket.callback_recorded', taskId: randomUUID(), kind: 'missed_call', callIds: [callId], reached: true });
    }
    calls.push({ callId, queueId, arrivedAt, queuedAt, abandonedAt, endedAt: abandonedAt, waitMs, talkMs: 0, holdMs: 0, acwMs: 0, calledBack });
  }

  const tickets: TicketFact[] = [];
  for (let i = 0; i < o.tickets; i++) tickets.push(generateTicket(o, rnd, int, pick, ev));
  return { events, calls, tickets };
}

function generateTicket(
  o: GeneratorOptions,
  rnd: () => number,
  int: (lo: number, hi: number) => number,
  pick: <T>(xs: readonly T[]) => T,
  ev: (at: number, fields: Parameters<typeof newEvent>[1]) => void,
): TicketFact {
  const ticketId = `t-${randomUUID()}`;
  const channel = pick(['phone', 'phone', 'web', 'wechat'] as const);
  const category = pick(['consult', 'complaint', 'help', 'report'] as const);
  const createdAt = o.from + int(0, o.spanMs - 86_400_000);
  const base = { ticketId, channel, category, actor: { role: 'agent', id: 'u1' } };
  ev(createdAt, { type: 'ticket.created', ticketId, channel, category, urgency: 'normal' });
  if (rnd() < 0.3) {
    const at = createdAt + int(60_000, 600_000);
    ev(at, { ...base, type: 'ticket.transitioned', action: 'resolve_online', from: 'draft', to: 'resolved_online' });
    return { ticketId, createdAt, channel, valid: true, resolvedOnline: true, calledBack: false, dissatisfiedComplaint: false, staleSuspended: false, complaintAboutAgent: false, repliedAt: at, returnReviews: [], dispatchedAt: null, firstDeptId: null, finalDeptId: null, callbackOnTime: null, completedAt: null, deadlineAt: null };
  }
  const dispatchedAt = createdAt + int(60_000, 25 * 60_000);
  const dept = pick(['housing', 'transport', 'water']);
  ev(dispatchedAt, { ...base, type: 'ticket.transitioned', action: 'dispatch', from: 'draft', to: 'dispatched', department: dept });
  const repliedAt = dispatchedAt + int(3_600_000, 5 * 86_400_000);
  const onTime = rnd() < 0.85;
  ev(repliedAt, { ...base, type: 'ticket.transitioned', action: 'reply', from: 'accepted', to: 'reviewing', department: dept, onTime, finalDepartment: dept });
  const reached = rnd() < 0.7;
  const satisfied = rnd() < 0.8;
  const callbackOnTime = rnd() < 0.9;
  ev(repliedAt + int(600_000, 86_400_000), { type: 'ticket.callback_recorded', taskId: randomUUID(), kind: 'ticket', ticketId, callIds: [], reached, ...(reached && { satisfied }), onTime: callbackOnTime });
  return {
    ticketId, createdAt, channel, valid: true, resolvedOnline: false, dispatchedAt, firstDeptId: dept, finalDeptId: dept, returnReviews: [],
    callbackOnTime: reached ? callbackOnTime : null, calledBack: reached, dissatisfiedComplaint: reached && !satisfied && (category === 'complaint' || category === 'report'),
    completedAt: repliedAt, deadlineAt: onTime ? repliedAt : repliedAt - 1, staleSuspended: false, repliedAt, complaintAboutAgent: false,
  };
}
