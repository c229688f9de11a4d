/** Where a problem sits inside a bundle, beyond the file itself. */
export interface BundleErrorLocation {
  /** 1-based line number inside the file. */
  line?: number;
  /** The field, as a path such as `alert.severity` or `services[2].name`. */
  field?: string;
}

/**
 * A bundle file that is missing or malformed. The message reads
 * `<file>:<line>: <field>: <problem>` (line and field left out when they do not apply), with
 * `file` relative to the bundle folder, so a person can jump straight to the bad spot.
 */
export class BundleError extends Error {
  readonly file: string;
  readonly line?: number;
  readonly field?: string;
  readonly problem: string;

  constructor(file: string, problem: string, location: BundleErrorLocation = {}) {
    super(formatBundleProblem(file, problem, location));
    this.name = 'BundleError';
    this.file = file;
    this.problem = problem;
    if (location.line !== undefined) this.line = location.line;
    if (location.field !== undefined) this.field = location.field;
  }
}

function formatBundleProblem(file: string, problem: string, { line, field }: BundleErrorLocation): string {
  const where = line === undefined ? file : `${file}:${line}`;
  return field === undefined ? `${where}: ${problem}` : `${where}: ${field}: ${problem}`;
}
