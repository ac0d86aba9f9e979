/** Postgres SQLSTATE of a failed statement, when the error came from Postgres. */
function sqlState(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

export const isUniqueViolation = (err: unknown): boolean => sqlState(err) === '23505';
export const isForeignKeyViolation = (err: unknown): boolean => sqlState(err) === '23503';
/**
 * SQLSTATE class 22, data exception: a value Postgres cannot take (a NUL character in text,
 * a number or date out of range, text that is not a uuid). The values come from requests.
 */
export const isDataException = (err: unknown): boolean => sqlState(err)?.startsWith('22') === true;
