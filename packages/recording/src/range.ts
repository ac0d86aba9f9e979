/** A byte range to serve from a file of `size` bytes (both ends inclusive, as HTTP counts them). */
export type ByteRange = { start: number; end: number };

/**
 * Parses an HTTP Range header for one range (`bytes=0-99`, `bytes=100-`, `bytes=-500`).
 * undefined: no usable Range (serve the whole file, 200); 'unsatisfiable': 416.
 * Several ranges are served as the whole file (allowed by RFC 9110).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
