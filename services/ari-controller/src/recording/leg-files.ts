import { Worker } from 'node:worker_threads';

/** One leg's recording as Asterisk wrote it (`${name}.wav` in the recordings directory). */
export interface LegFile {
  side: 'caller' | 'agent';
  name: string;
  /** When the recording started (controller clock, epoch ms). */
  startedAt: number;
}

export interface StoredFile {
  /** File name relative to the recordings directory. */
  path: string;
  durationMs: number;
  sampleRate: number;
  channels: number;
  sha256: string;
}

/**
 * Merges a call's leg recordings into one stereo WAV (left caller, right agent), time-aligned
 * on their start times, writes it atomically, removes the leg files and returns what the
 * metadata needs. Legs whose file is missing (a leg that never got audio) are skipped.
 * Runs on the merge worker thread (leg-merge.ts): at 40 calls/s the merge was the controller's
 * biggest synchronous block (BENCHMARKS.md runs 14 and 17).
 */
export function mergeLegFiles(dir: string, outName: string, legs: readonly LegFile[]): Promise<StoredFile | null> {
  return mergeThread.run({ dir, outName, legs: legs.map(({ side, name, startedAt }) => ({ side, name, startedAt })) });
}

/** The messages between this thread and merge-worker.ts. */
export interface MergeRequest {
  id: number;
  dir: string;
  outName: string;
  legs: LegFile[];
}
export type MergeReply = { id: number; stored: StoredFile | null } | { id: number; error: { name: string; message: string } };

/**
 * One long-lived worker, started on the first merge and again after it died (its merges in
 * flight fail). It keeps the process alive only while a merge is in flight.
 */
class MergeThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (s: StoredFile | null) => void; reject: (err: Error) => void }>();
  private nextId = 0;

  run(req: Omit<MergeRequest, 'id'>): Promise<StoredFile | null> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, ...req } satisfies MergeRequest);
    });
  }

  private start(): Worker {
    // The services run TypeScript through tsx (`node --import tsx`, vitest in tests), and a
    // worker does not inherit the loader: the worker registers tsx itself, then loads the file.
    const code = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
      .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./merge-worker.ts', import.meta.url).href)}); })`;
    // execArgv: none of the parent's flags (e.g. the load kit's --cpu-prof, meant for the main thread).
    const worker = new Worker(code, { eval: true, execArgv: [] });
    worker.unref();
    worker.on('message', (reply: MergeReply) => {
      const job = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (!job) return;
      if ('error' in reply) job.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
      else job.resolve(reply.stored);
    });
    worker.on('error', (err) => this.stop(worker, err));
    worker.on('exit', (code) => this.stop(worker, new Error(`recording merge worker exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private stop(worker: Worker, err: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    for (const job of this.pending.values()) job.reject(err);
    this.pending.clear();
  }
}

const mergeThread = new MergeThread();
