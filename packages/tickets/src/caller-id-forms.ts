import { isMobileNumber } from './phone-number.js';

/**
 * The ways a trunk may present a number that `normalizeNumber` turns into `normalized`: the
 * calls table keeps caller ids as they came, so a caller's history looks all of them up (an
 * index lookup per form instead of normalising every stored call).
 */
export function callerIdForms(normalized: string): string[] {
  if (normalized.startsWith('+')) return [normalized, `00${normalized.slice(1)}`];
  if (isMobileNumber(normalized)) {
    return [normalized, `+86${normalized}`, `0086${normalized}`, `86${normalized}`, `0${normalized}`];
  }
  if (normalized.startsWith('0')) {
    const national = normalized.slice(1);
    return [normalized, `+86${national}`, `0086${national}`];
  }
  return [normalized];
}
