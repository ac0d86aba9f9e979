/**
 * Writes `items` with `write`; when the write is refused for something in the data (`isRefusal`),
 * splits the batch in halves, in order, until each refused item is alone, and hands those to
 * `refused` with the error: one bad event costs a few extra transactions instead of blocking
 * every event batched with it. Any other error (Postgres unreachable) is thrown for a retry.
 */
export async function writeIsolatingRefused<T>(
  items: readonly T[],
  write: (items: readonly T[]) => Promise<void>,
  isRefusal: (err: unknown) => boolean,
  refused: (item: T, err: unknown) => Promise<void>,
): Promise<void> {
  if (items.length === 0) return;
  try {
    await write(items);
  } catch (err) {
    if (!isRefusal(err)) throw err;
    if (items.length === 1) return refused(items[0]!, err);
    const mid = Math.ceil(items.length / 2);
    await writeIsolatingRefused(items.slice(0, mid), write, isRefusal, refused);
    await writeIsolatingRefused(items.slice(mid), write, isRefusal, refused);
  }
}

/**
 * Postgres refusing the data itself, which no retry changes: data exceptions (22xxx, e.g. a
 * \u0000 in text), integrity violations (23xxx), program limits (54xxx, e.g. an oversized row).
 */
export function isDataRefusal(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23|54)/.test(code);
}
