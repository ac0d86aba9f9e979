// Decision-latency metrics for the load-test kit (test/load/). Off unless METRICS_PORT
// is set; then GET http://127.0.0.1:METRICS_PORT/metrics returns a JSON summary and
// POST /metrics/reset starts a new window. SIGUSR2 logs the same summary.
//
// What is measured (all in ms, on this process's clock):
// - stasisToFirstAction: a trunk call's StasisStart (Asterisk's event timestamp, so the
//   websocket and our event loop are included) to the first request the call flow makes
//   on that channel (normally `answer`).
// - freeToOffered: the moment a caller and a free agent could first be matched, i.e.
//   max(caller queued, agent became ready), to the start of the originate that rings
//   the agent (first offer of each call only).
// - eventLoopDelay: Node's event-loop delay (perf_hooks), a saturation signal.
// METRICS_CPU_PROFILE=DIR also records a V8 CPU profile from the start; POST /metrics/profile
// writes it to DIR/ari-controller-PID.cpuprofile (node's --cpu-prof is refused in NODE_OPTIONS).
// The hooks are a wrapper around CallControl and one around the event publisher, so
// the call flow itself carries no measuring code.
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { HotlineEvent } from '@hotline/events';
import type { CallControl } from './ports.js';

const MAX_SAMPLES = 500_000;

class Samples {
  private values: number[] = [];
  add(v: number): void {
    if (this.values.length < MAX_SAMPLES && Number.isFinite(v)) this.values.push(v);
  }
  summary(): { count: number; p50: number | null; p90: number | null; p99: number | null; max: number | null } {
    const s = [...this.values].sort((a, b) => a - b);
    const q = (p: number) => (s.length ? round(s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!) : null);
    return { count: s.length, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: s.length ? round(s[s.length - 1]!) : null };
  }
  reset(): void {
    this.values = [];
  }
}

const round = (v: number) => Math.round(v * 100) / 100;

export class ControllerMetrics {
  readonly enabled: boolean;
  private readonly stasisAt = new Map<string, number>();
  private readonly queuedAt = new Map<string, number>();
  private readonly readyAt = new Map<string, number>();
  /** First offers made before their call's call.queued came through (see `offering`). */
  private readonly offeredEarly = new Map<string, { ready: number; at: number }>();
  private readonly stasisToFirstAction = new Samples();
  private readonly freeToOffered = new Samples();
  private readonly loop = monitorEventLoopDelay({ resolution: 10 });
  private calls = 0;
  private server: Server | null = null;

  constructor(
    private readonly agentAtSeat: (seat: string) => string | undefined,
    port = Number(process.env.METRICS_PORT ?? 0),
  ) {
    this.enabled = port > 0;
    if (!this.enabled) return;
    this.loop.enable();
    const profileDir = process.env.METRICS_CPU_PROFILE;
    const profiler = profileDir ? new Session() : null;
    if (profiler) {
      profiler.connect();
      void profiler.post('Profiler.enable').then(() => profiler.post('Profiler.start'));
    }
    this.server = createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/metrics/profile' && profiler) {
        void profiler.post('Profiler.stop').then(({ profile }) => {
          const file = `${profileDir}/ari-controller-${process.pid}-${Date.now()}.cpuprofile`;
          writeFileSync(file, JSON.stringify(profile));
          void profiler.post('Profiler.start');
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ file }));
        });
        return;
      }
      if (req.method === 'POST' && req.url === '/metrics/reset') this.reset();
      else if (req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.summary()));
    });
    this.server.listen(port, '127.0.0.1');
    this.server.unref();
  }

  /** A trunk call entered the app; `timestamp` is Asterisk's ISO time of the event. */
  stasisStart(channelId: string, timestamp: string | undefined): void {
    if (!this.enabled) return;
    this.calls++;
    const at = timestamp ? Date.parse(timestamp) : NaN;
    this.stasisAt.set(channelId, Number.isFinite(at) ? Math.min(at, Date.now()) : Date.now());
  }

  /** An agent became ready (from the Redis agent-ready channel, whoever made it ready). */
  agentReady(agentId: string): void {
    if (!this.enabled) return;
    // The controller's own agent.state_changed (exact time) may have come first: keep it.
    const now = Date.now();
    const prev = this.readyAt.get(agentId);
    if (prev === undefined || now - prev > 1000) this.readyAt.set(agentId, now);
  }

  /** Every event the controller publishes passes here. */
  event(e: HotlineEvent): void {
    if (!this.enabled) return;
    const at = Date.parse(e.at);
    if (e.type === 'call.queued') {
      this.queuedAt.set(e.callId, at);
      const early = this.offeredEarly.get(e.callId);
      this.offeredEarly.delete(e.callId);
      if (early) this.freeToOffered.add(early.at - Math.max(at, early.ready));
    } else if (e.type === 'agent.state_changed' && e.to === 'ready') {
      // Published behind its call's other events, a ready can arrive after the agent's next ready was
      // announced (seconds later under load): it must not move the agent's ready time back a cycle.
      // Within a second of the announcement it is the same ready, at its exact time.
      const announced = this.readyAt.get(e.agentId);
      if (announced === undefined || at > announced - 1000) this.readyAt.set(e.agentId, at);
    }
    else if (e.type === 'call.ended') {
      this.queuedAt.delete(e.callId);
      this.stasisAt.delete(e.callId);
      this.offeredEarly.delete(e.callId);
    }
  }

  private firstAction(channelId: string): void {
    const t0 = this.stasisAt.get(channelId);
    if (t0 === undefined) return;
    this.stasisAt.delete(channelId);
    this.stasisToFirstAction.add(Date.now() - t0);
  }

  private offering(channelId: string, endpoint: string): void {
    if (!channelId.endsWith('-1')) return; // first offer of a call only
    const callId = channelId.slice(0, -2);
    const agentId = this.agentAtSeat(endpoint.replace(/^PJSIP\//, ''));
    const ready = agentId ? this.readyAt.get(agentId) : undefined;
    if (ready === undefined) return;
    const queued = this.queuedAt.get(callId);
    // A session publishes its events in order behind its record saves, so with an agent free at
    // once the offer can come before call.queued is published: it is timed when that arrives.
    if (queued === undefined) this.offeredEarly.set(callId, { ready, at: Date.now() });
    else this.freeToOffered.add(Date.now() - Math.max(queued, ready));
  }

  /** Wraps the call control so the first request per trunk channel and each first offer are timed. */
  instrument<T extends CallControl>(control: T): T {
    if (!this.enabled) return control;
    const first = (channelId: string) => this.firstAction(channelId);
    return new Proxy(control, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (prop === 'originate') {
            const req = args[0] as { channelId: string; endpoint: string };
            this.offering(req.channelId, req.endpoint);
          } else if (typeof args[0] === 'string') first(args[0]);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  summary() {
    const cpu = process.cpuUsage();
    return {
      pid: process.pid,
      trunkCalls: this.calls,
      stasisToFirstActionMs: this.stasisToFirstAction.summary(),
      freeToOfferedMs: this.freeToOffered.summary(),
      eventLoopDelayMs: {
        p50: round(this.loop.percentile(50) / 1e6),
        p99: round(this.loop.percentile(99) / 1e6),
        max: round(this.loop.max / 1e6),
      },
      cpuSeconds: round((cpu.user + cpu.system) / 1e6),
      rssBytes: process.memoryUsage().rss,
      uptimeMs: Math.round(performance.now()),
      pending: { stasis: this.stasisAt.size, queued: this.queuedAt.size },
    };
  }

  reset(): void {
    this.calls = 0;
    this.stasisToFirstAction.reset();
    this.freeToOffered.reset();
    this.loop.reset();
  }

  close(): void {
    this.server?.close();
  }
}
