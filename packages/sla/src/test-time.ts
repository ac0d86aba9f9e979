import { DateTime } from 'luxon';

/** Test helper: a local time in Asia/Shanghai (or `zone`) as epoch ms. */
export function local(iso: string, zone = 'Asia/Shanghai'): number {
  const dt = DateTime.fromISO(iso, { zone });
  if (!dt.isValid) throw new Error(`bad test time ${iso}`);
  return dt.toMillis();
}

/** Test helper: epoch ms back to local `yyyy-MM-dd'T'HH:mm` (seconds shown only when not zero). */
export function show(ms: number, zone = 'Asia/Shanghai'): string {
  const dt = DateTime.fromMillis(ms, { zone });
  return dt.toFormat(dt.second === 0 && dt.millisecond === 0 ? "yyyy-MM-dd'T'HH:mm" : "yyyy-MM-dd'T'HH:mm:ss.SSS");
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
