/**
 * Caller numbers are personal data (PRODUCT.md: complaints are confidential): logs keep enough
 * to tell two callers apart while reading a log (the last four digits, and the first three of a
 * mobile number) and no more. Pure; createLogger applies it through pino's redaction.
 */

/**
 * A run of 7+ digits (an optional leading +), not part of a dotted id such as an Asterisk
 * channel id `1712345678.42`, and not inside a longer word or hex string.
 */
const PHONE_NUMBER = /(?<![\w.])\+?\d{7,}(?![\w.])/g;

/**
 * The digits of a number masked but the last four (and the first three of an 11+ digit number),
 * separators kept: `13800000001` -> `138****0001`, `0898-123456` -> `****-**3456`.
 * Fewer than 7 digits (a service number such as 12345) are not personal and stay.
 */
export function maskPhoneNumber(number: string): string {
  const total = number.replace(/\D/g, '').length;
  if (total < 7) return number;
  const keepHead = total >= 11 ? 3 : 0;
  let seen = 0;
  return number.replace(/\d/g, (d) => {
    const i = seen++;
    return i < keepHead || i >= total - 4 ? d : '*';
  });
}

/** Every phone number in free text (a URL, an error message) masked; the rest kept. */
export function maskPhoneNumbers(text: string): string {
  return text.replace(PHONE_NUMBER, maskPhoneNumber);
}

/** Bearer tokens in a query string (the SSE stream's `access_token`) never reach a log. */
export function maskQueryTokens(text: string): string {
  return text.replace(/([?&]access_token=)[^&#\s]*/gi, '$1[redacted]');
}

/** Fields that hold a number and nothing else: every digit in them counts, separators or not ("138 0013 8000"). */
const NUMBER_FIELDS = new Set(['caller', 'callerNumber', 'number', 'contact', 'phone']);

/**
 * The log fields that can carry a caller's number: the call's own fields (top level and one
 * level down, e.g. an event payload), request URLs (GET /callers/:number/history) and free text
 * quoting input (error messages, ARI event arguments).
 */
export const CALLER_NUMBER_PATHS = [
  ...[...NUMBER_FIELDS].flatMap((f) => [f, `*.${f}`]),
  'from', 'to', 'args', 'message', 'url', 'error', 'req.url', 'err.message', 'err.stack',
];

/** pino's censor: number fields masked whole, free text loses the numbers (and query tokens) in it, arrays item by item. */
export function censorCallerNumbers(value: unknown, path: string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => censorCallerNumbers(item, path));
  if (typeof value !== 'string') return value;
  return NUMBER_FIELDS.has(path.at(-1) ?? '') ? maskPhoneNumber(value) : maskQueryTokens(maskPhoneNumbers(value));
}
