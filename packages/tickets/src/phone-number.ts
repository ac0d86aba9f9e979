/**
 * A phone number in the form the hotline stores and dials: national digits
 * for China (mobiles `1xxxxxxxxxx`, landlines with their trunk `0`:
 * `01088888888`, `089866668888`), `+<digits>` for foreign numbers, short
 * service numbers as they are (`12345`, `95588`). `null` when the text is
 * not a phone number.
 *
 * - spaces, dashes, dots, parentheses (ASCII and full-width) are dropped;
 *   full-width digits from Chinese input methods become ASCII;
 * - `tel:` / `sip:` URIs give their user part;
 * - `+86` / `0086` / `86`+mobile are dropped; a landline written
 *   internationally (`+86 10 8888 8888`) gets its trunk `0` back;
 * - `0` + mobile (`013800138000`) loses the `0`: carriers present mobiles
 *   from another area code that way, and dialing it back fails on some trunks.
 *   Only Beijing's area code starts `01`, and it is `010`, so this never eats
 *   a landline's zero.
 */
export function normalizeNumber(raw: string): string | null {
  let text = raw
    .trim()
    .replace(/[０-９＋]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/^(?:tel|sips?):/i, '')
    .replace(/[;@].*$/, '')
    .replace(/[\s\-.()\u3000\uff08\uff09\uff0d\u2010-\u2015]/g, '');

  let international = false;
  if (text.startsWith('+86')) {
    text = text.slice(3);
    international = true;
  } else if (text.startsWith('0086')) {
    text = text.slice(4);
    international = true;
  } else if (/^861[3-9]\d{9}$/.test(text)) {
    text = text.slice(2);
  } else if (text.startsWith('+') || text.startsWith('00')) {
    const digits = text.replace(/^(?:\+|00)/, '');
    return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
  }

  if (!/^\d{3,20}$/.test(text)) return null;
  if (international && !text.startsWith('0') && !/^1[3-9]\d{9}$/.test(text)) text = `0${text}`;
  if (/^01[3-9]\d{9}$/.test(text)) text = text.slice(1);
  return text;
}

/** A Chinese mobile number (after normalisation). */
export function isMobileNumber(normalized: string): boolean {
  return /^1[3-9]\d{9}$/.test(normalized);
}
