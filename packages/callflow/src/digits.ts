/** The DTMF keys a caller can press that a menu may bind (A-D exist in DTMF but not on phones). */
export const DTMF_DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'] as const;

export type DtmfDigit = (typeof DTMF_DIGITS)[number];

export function isDtmfDigit(value: string): value is DtmfDigit {
  return (DTMF_DIGITS as readonly string[]).includes(value);
}
