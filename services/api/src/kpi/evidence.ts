import type { Db } from '@hotline/db';
import type { KpiReadSettings } from './kpi-settings.js';
import { ticketCountersOf, type TicketCounters, type TicketFact } from '@hotline/kpi';
import { sql, type RawBuilder } from 'kysely';

/** One call behind a figure, with why it counts against it. */
export interface CallEvidence {
  callId: string;
  queueId: string | null;
  agentId: string | null;
  queuedAt: string | null;
  answeredAt: string | null;
  abandonedAt: string | null;
  waitMs: number | null;
  handleMs: number;
  survey: string | null;
}

export interface EvidenceList {
  kind: 'calls' | 'tickets' | 'days' | 'agents' | 'none';
  /** What the listed rows are, in words. */
  meaning: string;
  total: number;
  rows: unknown[];
}

interface CallCriterion {
  meaning: string;
  where: RawBuilder<unknown>;
  order?: RawBuilder<unknown>;
}

const WAIT = sql`extract(epoch from coalesce(answered_at, abandoned_at) - queued_at) * 1000`;

/** The calls that cost an item its points: for a ratio, the denominator's calls missing from the numerator. */
function callCriterion(kpi: string, s: KpiReadSettings): CallCriterion | undefined {
  const sl = /^serviceLevel(\d+(?:\.\d+)?)s$/.exec(kpi);
  if (sl?.[1]) {
    const ms = Number(sl[1]) * 1000;
    return { meaning: `offered calls not answered within ${sl[1]} s (answered later or not at all)`, where: sql`(answered_at is null or ${WAIT} > ${ms})` };
  }
  const satisfied = [...s.satisfiedAnswers, ...(s.noAnswerCountsAsSatisfied ? ['no_answer'] : [])];
  switch (kpi) {
    case 'offered':
      return { meaning: 'offered calls', where: sql`true` };
    case 'answered':
    case 'answerRate':
      return { meaning: 'offered calls not answered by an agent', where: sql`answered_at is null` };
    case 'abandoned':
    case 'abandonRate':
      return { meaning: `abandoned calls (short abandons under ${s.shortAbandonMs} ms excluded)`, where: sql`answered_at is null and abandoned_at is not null and ${WAIT} >= ${s.shortAbandonMs}` };
    case 'asaMs':
    case 'longestWaitMs':
      return { meaning: 'answered calls, longest wait first', where: sql`answered_at is not null`, order: sql`${WAIT} desc` };
    case 'ahtMs':
    case 'acwMeanMs':
      return { meaning: 'handled calls, longest handling (talk + hold + ACW) first', where: sql`answered_at is not null`, order: sql`(talk_ms + hold_ms + acw_ms) desc` };
    case 'satisfaction':
      return { meaning: `surveyed calls not counted satisfied (satisfied: ${satisfied.join(', ')})`, where: sql`survey is not null and survey <> all(${satisfied}::text[]) ${s.noAnswerCountsAsSatisfied ? sql`` : sql`and survey <> 'no_answer'`}` };
    case 'hangUpSatisfaction':
      return { meaning: 'surveyed calls answered dissatisfied (no answer counts as satisfied)', where: sql`survey is not null and survey <> all(${[...s.satisfiedAnswers, 'no_answer']}::text[])` };
    case 'missedCallCallbackRate':
      return { meaning: 'abandoned calls not called back', where: sql`answered_at is null and abandoned_at is not null and not called_back` };
    case 'qaSamplingRate':
      return { meaning: 'recorded calls not reviewed by QA', where: sql`recorded and not reviewed` };
    default:
      return undefined;
  }
}

/** For each ticket KPI: the counter of the tickets it is about and the one they fail (listed: about and not good / bad). */
type ScalarCounter = Exclude<keyof TicketCounters, 'channels'>;
const TICKET_CRITERIA: Record<string, { about: ScalarCounter; good?: ScalarCounter; bad?: ScalarCounter; meaning: string }> = {
  tickets: { about: 'tickets', meaning: 'tickets' },
  dispatchTimeliness: { about: 'dispatched', good: 'dispatchedOnTime', meaning: 'tickets dispatched late' },
  lateDispatches: { about: 'dispatched', good: 'dispatchedOnTime', meaning: 'tickets dispatched late' },
  fcr: { about: 'validTickets', good: 'resolvedOnline', meaning: 'valid tickets not resolved online' },
  dispatchAccuracy: { about: 'dispatched', bad: 'dispatchedWrongFirstDept', meaning: 'tickets first dispatched to a department that did not resolve them' },
  returnReviewTimeliness: { about: 'returnsReviewed', good: 'returnsReviewedOnTime', meaning: 'tickets with a return reviewed late' },
  lateReturnReviews: { about: 'returnsReviewed', good: 'returnsReviewedOnTime', meaning: 'tickets with a return reviewed late' },
  callbackTimeliness: { about: 'callbacksDue', good: 'callbacksOnTime', meaning: 'tickets called back late' },
  lateCallbacks: { about: 'callbacksDue', good: 'callbacksOnTime', meaning: 'tickets called back late' },
  staleSuspended: { about: 'staleSuspended', meaning: 'suspended or difficult tickets untouched over 48 h' },
  callbackCoverage: { about: 'dispatched', good: 'calledBack', meaning: 'dispatched tickets not called back' },
  dissatisfiedCallbackRate: { about: 'dissatisfiedComplaints', good: 'dissatisfiedComplaintsCalledBack', meaning: 'dissatisfied complaints not called back' },
  onTimeCompletion: { about: 'completed', good: 'completedOnTime', meaning: 'tickets completed after their deadline' },
  complaintRate: { about: 'tickets', bad: 'complaintsAboutAgents', meaning: 'valid complaints about agents' },
};

export interface EvidenceQuery {
  kpi: string;
  from: number;
  to: number;
  limit: number;
  offset: number;
}

/** The calls or tickets behind a KPI over [from, to): those that cost it (see each criterion's meaning). */
export async function evidenceFor(db: Db, q: EvidenceQuery, settings: KpiReadSettings): Promise<EvidenceList> {
  const call = callCriterion(q.kpi, settings);
  if (call) return callEvidence(db, q, call);
  const ticket = TICKET_CRITERIA[q.kpi];
  if (ticket) return ticketEvidence(db, q, ticket);
  if (q.kpi === 'complianceDays') {
    return { kind: 'days', meaning: 'see GET /kpis?granularity=month: its "days" list each day with its answer rate; the calls are those of answerRate', total: 0, rows: [] };
  }
  return { kind: 'none', meaning: `no stored facts behind ${q.kpi} (platform availability and agent time are not call lists)`, total: 0, rows: [] };
}

async function callEvidence(db: Db, q: EvidenceQuery, c: CallCriterion): Promise<EvidenceList> {
  // Calls belong to the interval they were queued in (KPIS.md), so a month's offered calls are those queued in it.
  const where = sql`queued_at >= ${new Date(q.from)} and queued_at < ${new Date(q.to)} and ${c.where}`;
  const [count, rows] = await Promise.all([
    sql<{ n: number }>`select count(*)::bigint as n from calls where ${where}`.execute(db),
    sql<CallEvidence>`
      select call_id as "callId", queue_id as "queueId", agent_id as "agentId", queued_at as "queuedAt",
             answered_at as "answeredAt", abandoned_at as "abandonedAt", (${WAIT})::bigint as "waitMs",
             talk_ms + hold_ms + acw_ms as "handleMs", survey
        from calls where ${where}
       order by ${c.order ?? sql`queued_at`}, call_id
       limit ${q.limit} offset ${q.offset}`.execute(db),
  ]);
  return { kind: 'calls', meaning: c.meaning, total: Number(count.rows[0]?.n ?? 0), rows: rows.rows };
}

async function ticketEvidence(db: Db, q: EvidenceQuery, c: (typeof TICKET_CRITERIA)[string]): Promise<EvidenceList> {
  const { rows } = await sql<{ ticket_id: string; fact: TicketFact }>`
    select ticket_id, fact from ticket_facts where created_at >= ${new Date(q.from)} and created_at < ${new Date(q.to)} order by created_at, ticket_id`.execute(db);
  const matching = rows
    .map((r) => ({ ticketId: r.ticket_id, fact: r.fact }))
    .filter(({ fact }) => {
      const counters = ticketCountersOf(fact);
      if (counters[c.about] === 0) return false;
      if (c.good) return counters[c.good] < counters[c.about];
      if (c.bad) return counters[c.bad] > 0;
      return true;
    });
  return { kind: 'tickets', meaning: c.meaning, total: matching.length, rows: matching.slice(q.offset, q.offset + q.limit) };
}
