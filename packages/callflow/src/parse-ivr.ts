import { ivrSchema } from './ivr-schema.js';
import type { Ivr } from './ivr-schema.js';
import { formatIssue } from './ivr-issue.js';
import type { IvrIssue } from './ivr-issue.js';
import { validateIvr } from './validate-ivr.js';

/** A valid IVR and the warnings worth logging (unreachable nodes, loops a silent caller never leaves). */
export type ParsedIvr = { readonly ivr: Ivr; readonly warnings: readonly IvrIssue[] };

export type SafeParseIvrResult =
  | ({ readonly ok: true } & ParsedIvr)
  | { readonly ok: false; readonly errors: readonly IvrIssue[]; readonly warnings: readonly IvrIssue[] };

/** Thrown for a rejected IVR file; the message lists every error as `path: message`. */
export class IvrConfigError extends Error {
  override readonly name = 'IvrConfigError';
  constructor(
    readonly source: string,
    readonly issues: readonly IvrIssue[],
  ) {
    super(`invalid IVR ${source}:\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
  }
}

/** Structure first (zod), then the graph checks, which need a well-formed document. */
export function safeParseIvr(input: unknown): SafeParseIvrResult {
  const parsed = ivrSchema.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.map(
      (issue): IvrIssue => ({
        severity: 'error',
        path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
        // A bad record key (a node id) says only "Invalid key in record"; its reason is nested.
        message:
          issue.code === 'invalid_key'
            ? `invalid node id: ${issue.issues.map((i) => i.message).join('; ')}`
            : issue.message,
      }),
    );
    return { ok: false, errors, warnings: [] };
  }
  const issues = validateIvr(parsed.data);
  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.filter((i) => i.severity === 'warning');
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, ivr: parsed.data, warnings };
}

/** Parses an IVR document (already decoded JSON); throws `IvrConfigError` naming `source`. */
export function parseIvr(input: unknown, source = 'document'): ParsedIvr {
  const result = safeParseIvr(input);
  if (!result.ok) throw new IvrConfigError(source, result.errors);
  return { ivr: result.ivr, warnings: result.warnings };
}
