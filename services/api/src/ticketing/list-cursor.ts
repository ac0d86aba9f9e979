import { z } from 'zod';
import { HttpError } from '../plugins/errors.js';
import type { ListCursor } from '../repositories/tickets-repository.js';

const payload = z.object({ o: z.string(), k: z.iso.datetime(), id: z.string().min(1).max(200) });

/**
 * Opaque keyset cursors: the sort key and id of the last row of a page, tagged with the list's
 * order so a cursor from one order is refused by another.
 */
export function encodeCursor(order: string, key: Date, id: string): string {
  return Buffer.from(JSON.stringify({ o: order, k: key.toISOString(), id })).toString('base64url');
}

export function decodeCursor(order: string, cursor: string | undefined): ListCursor | undefined {
  if (cursor === undefined) return undefined;
  let parsed: z.output<typeof payload> | undefined;
  try {
    parsed = payload.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || parsed.o !== order) throw new HttpError(400, 'querystring.cursor: not a cursor of this list (use nextCursor as given)');
  return { key: parsed.k, id: parsed.id };
}

/** The page and the cursor of the next one, from `limit + 1` rows. */
export function page<T>(rows: readonly T[], limit: number, order: string, keyOf: (row: T) => { key: Date; id: string }) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(order, keyOf(last).key, keyOf(last).id) : null;
  return { items, nextCursor };
}
