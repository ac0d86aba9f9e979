import { mkdir, open, readFile, rename, rm, rmdir, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

const LOG = 'events.jsonl';
const OFFSET = 'delivered.offset';
const LOCK = 'owner.pid';
const READ_CHUNK = 1 << 20;

/**
 * An append-only file of JSON lines on local disk, with the byte offset up to which its lines
 * were delivered. Appends are group-committed (one write and one fdatasync for every line
 * waiting), so `append` resolves only once the line is on disk. Every file operation runs
 * in one serial lane, so appends, reads and the reset after a full replay never interleave.
 * A crash can leave a half-written last line (never acknowledged: dropped at open) or an
 * offset older than what was delivered (those lines are delivered again).
 */
export class FileSpool<T> {
  private lane: Promise<unknown> = Promise.resolve();
  private waiting: { line: string; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private size: number;
  private delivered: number;
  /** Lines appended (or being appended) and not yet marked delivered. */
  private undeliveredLines: number;

  private constructor(
    readonly dir: string,
    private readonly file: FileHandle,
    size: number,
    delivered: number,
    undeliveredLines: number,
  ) {
    this.size = size;
    this.delivered = delivered;
    this.undeliveredLines = undeliveredLines;
  }

  /** Opens (or creates) the spool in `dir`; refuses a directory another live process holds. */
  static async open<T>(dir: string): Promise<FileSpool<T>> {
    await mkdir(dir, { recursive: true });
    await claim(dir);
    const file = await open(join(dir, LOG), 'a+');
    let size = (await file.stat()).size;
    if (size > 0) {
      const whole = await readFile(join(dir, LOG));
      const end = whole.lastIndexOf(0x0a) + 1; // a crash mid-append leaves a partial last line
      if (end < size) {
        await file.truncate(end);
        size = end;
      }
    }
    let delivered = Number((await readFile(join(dir, OFFSET), 'utf8').catch(() => '0')).trim());
    if (!Number.isInteger(delivered) || delivered < 0 || delivered > size) delivered = 0;
    const rest = size > delivered ? await readRange(file, delivered, size - delivered) : Buffer.alloc(0);
    return new FileSpool<T>(dir, file, size, delivered, countLines(rest));
  }

  /** Lines not yet delivered, counting those still being written. */
  get undelivered(): number {
    return this.undeliveredLines;
  }

  /** Resolves once the item is on disk. */
  append(item: T): Promise<void> {
    const line = JSON.stringify(item) + '\n';
    this.undeliveredLines++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ line, resolve, reject });
      if (this.waiting.length === 1) void this.inLane(() => this.flush());
    });
  }

  /** Up to `max` undelivered items, oldest first, each with the offset that marks it delivered. */
  read(max: number): Promise<{ items: T[]; ends: number[] }> {
    return this.inLane(async () => {
      const items: T[] = [];
      const ends: number[] = [];
      let chunk = READ_CHUNK;
      while (items.length === 0 && this.delivered < this.size) {
        const buf = await readRange(this.file, this.delivered, Math.min(chunk, this.size - this.delivered));
        if (buf.length === 0) throw new Error(`event spool ${this.dir}: the file is shorter than what was appended to it`);
        let start = 0;
        for (let nl = buf.indexOf(0x0a); nl !== -1 && items.length < max; nl = buf.indexOf(0x0a, start)) {
          items.push(JSON.parse(buf.subarray(start, nl).toString('utf8')) as T);
          start = nl + 1;
          ends.push(this.delivered + start);
        }
        chunk *= 2; // no whole line yet: one line longer than the chunk
      }
      return { items, ends };
    });
  }

  /** Records that the `count` oldest lines, ending at `upTo` (from `read`), reached their destination. */
  markDelivered(upTo: number, count: number): Promise<void> {
    this.undeliveredLines -= count;
    return this.inLane(async () => {
      this.delivered = upTo;
      await writeAtomically(join(this.dir, OFFSET), String(upTo));
    });
  }

  /** Empties the file once everything in it was delivered (queued behind any later append). */
  reset(): Promise<void> {
    return this.inLane(async () => {
      if (this.delivered !== this.size) return; // lines were appended meanwhile: keep them
      await this.file.truncate(0);
      await this.file.datasync();
      this.size = 0;
      this.delivered = 0;
      await writeAtomically(join(this.dir, OFFSET), '0');
    });
  }

  /** Closes the file; an empty spool leaves no files behind. */
  async close(): Promise<void> {
    await this.inLane(async () => {
      await this.file.close();
      if (this.size === 0 && this.waiting.length === 0) {
        for (const name of [LOG, OFFSET, LOCK]) await rm(join(this.dir, name), { force: true });
        await rmdir(this.dir).catch(() => undefined); // kept if anything else is in it
      } else {
        await rm(join(this.dir, LOCK), { force: true });
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) return;
    try {
      const data = Buffer.from(batch.map((w) => w.line).join(''), 'utf8');
      await this.file.write(data, 0, data.length); // 'a+': always at the end
      await this.file.datasync();
      this.size += data.length;
      for (const w of batch) w.resolve();
    } catch (err) {
      this.undeliveredLines -= batch.length;
      for (const w of batch) w.reject(err);
    }
  }

  private inLane<R>(op: () => Promise<R>): Promise<R> {
    const next = this.lane.then(op);
    this.lane = next.catch(() => undefined);
    return next;
  }
}

/** One process per spool directory: a second controller writing the same file would corrupt it. */
async function claim(dir: string): Promise<void> {
  const lock = join(dir, LOCK);
  const owner = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
    throw new Error(`event spool ${dir} is in use by process ${owner}; give each controller its own EVENT_SPOOL_DIR`);
  }
  await writeFile(lock, String(process.pid));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readRange(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await file.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

function countLines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, i + 1)) n++;
  return n;
}

async function writeAtomically(path: string, content: string): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, path);
}
