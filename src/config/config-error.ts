/** One problem in a config file, at a key path such as `policy.freeze_windows[0].end`. */
export interface ConfigIssue {
  /** Dotted key path, `[n]` for list items; empty for the file as a whole. */
  path: string;
  message: string;
  /** 1-based position in the file, when known. */
  line?: number;
  column?: number;
}

/** Formats key path segments: `['policy', 'freeze_windows', 0, 'end']` → `policy.freeze_windows[0].end`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** How a found value reads in an error message: `"high"`, `12`, `a list`, `a mapping`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') return 'a mapping';
  return String(value);
}

function renderIssue(issue: ConfigIssue): string {
  const where = issue.line !== undefined ? ` (line ${issue.line})` : '';
  return issue.path ? `${issue.path}: ${issue.message}${where}` : `${issue.message}`;
}

/**
 * A config file that cannot be used. The message names the file and lists every problem
 * as "path: problem" lines, so one run shows all of them.
 */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: ConfigIssue[],
  ) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(
      `${source}: invalid configuration (${count}):\n${issues.map((i) => `  ${renderIssue(i)}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}
