/**
 * The callers waiting in one queue, in the order they will be served: higher
 * priority first, then earlier `queuedAt`, then `callId` (so two controllers
 * rebuilding the queue from the Redis mirror agree on the order).
 *
 * Immutable: every change returns a new CallerQueue; the Redis adapter mirrors
 * it. Sizes are a few hundred callers at most, so a sorted array is enough.
 */

export interface WaitingCaller {
  readonly callId: string;
  /** When the caller entered the queue (epoch ms); the wait clock starts here. */
  readonly queuedAt: number;
  /** Higher is served first; 0 by default. */
  readonly priority: number;
}

export interface NewCaller {
  readonly callId: string;
  readonly queuedAt: number;
  readonly priority?: number;
}

export type AddCallerResult =
  | { readonly ok: true; readonly queue: CallerQueue }
  | { readonly ok: false; readonly reason: 'full' | 'duplicate' };

/** Serving order: negative when `a` is served before `b`. */
export function compareWaitingCallers(a: WaitingCaller, b: WaitingCaller): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.queuedAt !== b.queuedAt) return a.queuedAt - b.queuedAt;
  return a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0;
}

function normalise(caller: NewCaller): WaitingCaller {
  const priority = caller.priority ?? 0;
  if (caller.callId === '') throw new RangeError('callId must not be empty');
  if (!Number.isFinite(caller.queuedAt)) throw new RangeError(`queuedAt must be finite, got ${caller.queuedAt}`);
  if (!Number.isFinite(priority)) throw new RangeError(`priority must be finite, got ${priority}`);
  return { callId: caller.callId, queuedAt: caller.queuedAt, priority };
}

function assertCapacity(capacity: number): void {
  if (!Number.isSafeInteger(capacity) || capacity < 0) {
    throw new RangeError(`capacity must be a non-negative integer, got ${capacity}`);
  }
}

export class CallerQueue {
  private constructor(
    /** Most callers waiting at once. */
    readonly capacity: number,
    private readonly ordered: readonly WaitingCaller[],
  ) {}

  static empty(capacity: number): CallerQueue {
    assertCapacity(capacity);
    return new CallerQueue(capacity, []);
  }

  /**
   * Rebuilds a queue from a mirror. Callers already waiting are kept even
   * beyond capacity (a lowered capacity must not drop anyone); a repeated
   * callId keeps its first entry.
   */
  static from(capacity: number, callers: Iterable<NewCaller>): CallerQueue {
    assertCapacity(capacity);
    const byId = new Map<string, WaitingCaller>();
    for (const caller of callers) {
      if (!byId.has(caller.callId)) byId.set(caller.callId, normalise(caller));
    }
    return new CallerQueue(capacity, [...byId.values()].sort(compareWaitingCallers));
  }

  get size(): number {
    return this.ordered.length;
  }

  get isFull(): boolean {
    return this.ordered.length >= this.capacity;
  }

  /** Everyone waiting, in serving order. */
  get callers(): readonly WaitingCaller[] {
    return this.ordered;
  }

  has(callId: string): boolean {
    return this.ordered.some((c) => c.callId === callId);
  }

  /** Adds a caller in its place; refused with 'full' at capacity, 'duplicate' if already waiting. */
  add(caller: NewCaller): AddCallerResult {
    const entry = normalise(caller);
    if (this.has(entry.callId)) return { ok: false, reason: 'duplicate' };
    if (this.isFull) return { ok: false, reason: 'full' };
    // First index whose caller is served after the new one.
    let low = 0;
    let high = this.ordered.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const existing = this.ordered[mid];
      if (existing !== undefined && compareWaitingCallers(existing, entry) <= 0) low = mid + 1;
      else high = mid;
    }
    const next = [...this.ordered.slice(0, low), entry, ...this.ordered.slice(low)];
    return { ok: true, queue: new CallerQueue(this.capacity, next) };
  }

  /** The queue without that caller (the same queue if it was not waiting). */
  remove(callId: string): CallerQueue {
    if (!this.has(callId)) return this;
    return new CallerQueue(
      this.capacity,
      this.ordered.filter((c) => c.callId !== callId),
    );
  }

  /** The caller to serve next. */
  peek(): WaitingCaller | undefined {
    return this.ordered[0];
  }

  /** 1-based place in line (1 = next to be served), or null if not waiting. */
  position(callId: string): number | null {
    const index = this.ordered.findIndex((c) => c.callId === callId);
    return index === -1 ? null : index + 1;
  }

  /**
   * The longest current wait in ms (0 when empty). With priorities the longest
   * waiter need not be at the head, so this looks at everyone.
   */
  longestWaitMs(now: number): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const caller of this.ordered) earliest = Math.min(earliest, caller.queuedAt);
    return earliest === Number.POSITIVE_INFINITY ? 0 : Math.max(0, now - earliest);
  }

  /**
   * Callers who have waited maxWaitSec or more at `now` (inclusive: at exactly
   * the limit the caller overflows), in serving order.
   */
  expiredCallers(now: number, maxWaitSec: number): WaitingCaller[] {
    const limitMs = maxWaitSec * 1000;
    return this.ordered.filter((c) => now - c.queuedAt >= limitMs);
  }
}
