import type { VoiceCounters } from '@hotline/kpi';
import { voiceKpis } from '@hotline/kpi';
import type { KpiReadSettings } from './kpi-settings.js';

/** What the wallboard shows, pushed every second over SSE. */
export interface LiveView {
  at: string;
  localDay: string;
  queues: { queueId: string; waiting: number; longestWaitMs: number }[];
  waitingTotal: number;
  longestWaitMs: number;
  agents: Record<string, number>;
  today: {
    arrived: number;
    offered: number;
    answered: number;
    abandoned: number;
    answerRate: number | null;
    serviceLevels: { thresholdSec: number; value: number | null }[];
  };
  alerts: { kind: 'queue_waiting' | 'service_level'; queueId?: string; message: string }[];
}

/** `${prefix}:live:waiting` values (callId -> JSON) and `${prefix}:live:agents` values (agentId -> JSON). */
export interface LiveSnapshot {
  waiting: Record<string, string>;
  agents: Record<string, string>;
}

/** Builds the wallboard's view from the live snapshot and today's rollups (pure). */
export function liveViewOf(snapshot: LiveSnapshot, today: VoiceCounters, localDay: string, settings: KpiReadSettings, now: number): LiveView {
  const byQueue = new Map<string, { waiting: number; longestWaitMs: number }>();
  for (const json of Object.values(snapshot.waiting)) {
    const { queueId, queuedAt } = JSON.parse(json) as { queueId: string | null; queuedAt: number };
    const q = byQueue.get(queueId ?? '') ?? { waiting: 0, longestWaitMs: 0 };
    byQueue.set(queueId ?? '', { waiting: q.waiting + 1, longestWaitMs: Math.max(q.longestWaitMs, now - queuedAt) });
  }
  const queues = [...byQueue].map(([queueId, q]) => ({ queueId, ...q })).sort((a, b) => a.queueId.localeCompare(b.queueId));
  const agents: Record<string, number> = {};
  for (const json of Object.values(snapshot.agents)) {
    const { state } = JSON.parse(json) as { state: string };
    agents[state] = (agents[state] ?? 0) + 1;
  }
  const k = voiceKpis(today, settings);
  const alerts: LiveView['alerts'] = queues
    .filter((q) => q.waiting > settings.waitingAlert)
    .map((q) => ({ kind: 'queue_waiting' as const, queueId: q.queueId, message: `${q.waiting} callers waiting in ${q.queueId || 'no queue'} (alert above ${settings.waitingAlert})` }));
  const first = k.serviceLevels[0];
  if (first && first.kpi.value !== null && first.kpi.value < settings.serviceLevelTarget) {
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    alerts.push({ kind: 'service_level', message: `${first.thresholdMs / 1000} s answer rate ${pct(first.kpi.value)} under its target ${pct(settings.serviceLevelTarget)}` });
  }
  return {
    at: new Date(now).toISOString(),
    localDay,
    queues,
    waitingTotal: queues.reduce((s, q) => s + q.waiting, 0),
    longestWaitMs: queues.reduce((m, q) => Math.max(m, q.longestWaitMs), 0),
    agents,
    today: {
      arrived: today.arrived,
      offered: today.offered,
      answered: today.answered,
      abandoned: today.abandoned,
      answerRate: k.answerRate.value,
      serviceLevels: k.serviceLevels.map((s) => ({ thresholdSec: s.thresholdMs / 1000, value: s.kpi.value })),
    },
    alerts,
  };
}
