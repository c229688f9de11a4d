import { readFile, writeFile } from 'node:fs/promises';
import { basename, sep } from 'node:path';
import { CAUSE_KINDS, STRATEGIES } from '../../core/index.js';
import { BundleError } from './bundle-error.js';
import { parseJsonDocument } from './json-files.js';
import type { FieldReader } from './record-fields.js';

/** The known answer for a bundle, kept beside it for evaluation. `service` null: a false alarm. */
export interface GroundTruth {
  service: string | null;
  cause: string | null;
  mechanism: string | null;
  remediation: string | null;
}

const SNAKE_CASE = /^[a-z][a-z0-9_]*$/;

/**
 * `<bundle>.truth.json` beside the bundle folder: a bundle never holds its own answer.
 *
 * @example
 * truthPathFor('bundles/INC-1/') // 'bundles/INC-1.truth.json'
 */
export function truthPathFor(bundleDir: string): string {
  let end = bundleDir.length;
  while (end > 1 && (bundleDir[end - 1] === '/' || bundleDir[end - 1] === sep)) end--;
  return `${bundleDir.slice(0, end)}.truth.json`;
}

/**
 * Reads a ground-truth file. `service` must be present (null for a false alarm); `cause`
 * must be a spec cause kind, `remediation` a spec strategy and `mechanism` a snake_case
 * word, each or null (absent counts as null).
 *
 * @throws BundleError naming the file, line and field.
 */
export async function readTruth(file: string): Promise<GroundTruth> {
  const name = basename(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new BundleError(name, `cannot read: ${(error as Error).message}`);
  }
  const { value, fields } = parseJsonDocument(name, text);
  const root = fields.object(value, []);
  if (!Object.hasOwn(root, 'service')) fields.fail(['service'], 'missing (use null for a false alarm)');
  const service = nullableWord(root, 'service', fields);
  const cause = nullableWord(root, 'cause', fields);
  const remediation = nullableWord(root, 'remediation', fields);
  const mechanism = nullableWord(root, 'mechanism', fields);
  if (cause !== null && !(CAUSE_KINDS as readonly string[]).includes(cause)) {
    fields.fail(['cause'], `unknown cause "${cause}" (expected one of ${CAUSE_KINDS.join(', ')})`);
  }
  if (remediation !== null && !(STRATEGIES as readonly string[]).includes(remediation)) {
    fields.fail(
      ['remediation'],
      `unknown strategy "${remediation}" (expected one of ${STRATEGIES.join(', ')})`,
    );
  }
  if (mechanism !== null && !SNAKE_CASE.test(mechanism)) {
    fields.fail(['mechanism'], `expected a snake_case word, found "${mechanism}"`);
  }
  return { service, cause, mechanism, remediation };
}

function nullableWord(root: Record<string, unknown>, key: string, fields: FieldReader): string | null {
  const value = root[key];
  if (value === null || value === undefined) return null;
  return fields.string(root, [key]);
}

/** Writes a ground-truth file (pretty JSON, fields in spec order). */
export async function writeTruth(file: string, truth: GroundTruth): Promise<void> {
  const { service, cause, mechanism, remediation } = truth;
  await writeFile(file, `${JSON.stringify({ service, cause, mechanism, remediation }, null, 2)}\n`, 'utf8');
}
