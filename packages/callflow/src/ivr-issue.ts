/** A place in the IVR document, e.g. ["nodes", "main", "options", "3"]. */
export type IssuePath = readonly (string | number)[];

/** A problem found in an IVR file; errors reject the file, warnings are for the log. */
export type IvrIssue = {
  readonly severity: 'error' | 'warning';
  readonly path: IssuePath;
  readonly message: string;
};

/** `nodes.main.options.3`; the document root is `(root)`. */
export function formatIssuePath(path: IssuePath): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

/** `nodes.main.options.3: unknown node "foo"` */
export function formatIssue(issue: IvrIssue): string {
  return `${formatIssuePath(issue.path)}: ${issue.message}`;
}
