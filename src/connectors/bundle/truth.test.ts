import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BundleError } from './bundle-error.js';
import { type GroundTruth, readTruth, truthPathFor, writeTruth } from './truth.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(name: string, text?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'afr-'));
  dirs.push(dir);
  const file = join(dir, name);
  if (text !== undefined) writeFileSync(file, text);
  return file;
}

describe('truthPathFor', () => {
  it.each([
    ['bundles/INC-1', 'bundles/INC-1.truth.json'],
    ['bundles/INC-1/', 'bundles/INC-1.truth.json'],
    ['bundles/INC-1//', 'bundles/INC-1.truth.json'],
    ['INC-1', 'INC-1.truth.json'],
  ])('%s -> %s', (dir, expected) => {
    expect(truthPathFor(dir)).toBe(expected);
  });
});

describe('readTruth / writeTruth', () => {
  it('round-trips a fault and a false alarm', async () => {
    const fault: GroundTruth = {
      service: 'payment',
      cause: 'config_change',
      mechanism: 'connection_pool_exhaustion',
      remediation: 'config_revert',
    };
    const falseAlarm: GroundTruth = { service: null, cause: null, mechanism: null, remediation: null };
    for (const truth of [fault, falseAlarm]) {
      const file = tempFile('x.truth.json');
      await writeTruth(file, truth);
      expect(await readTruth(file)).toEqual(truth);
    }
    const file = tempFile('y.truth.json');
    await writeTruth(file, fault);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(fault);
  });

  it('reads absent optional fields as null and ignores unknown ones', async () => {
    const file = tempFile('t.truth.json', '\uFEFF{"service": null, "note": "flaky alert"}');
    expect(await readTruth(file)).toEqual({ service: null, cause: null, mechanism: null, remediation: null });
  });

  it.each([
    ['{"cause": "unknown"}', 't.truth.json:1: service: missing (use null for a false alarm)'],
    [
      '{\n  "service": "a",\n  "cause": "bad_luck"\n}',
      't.truth.json:3: cause: unknown cause "bad_luck" (expected one of deployment_regression, config_change, traffic_surge, dependency_failure, resource_exhaustion, infrastructure_failure, unknown)',
    ],
    [
      '{"service": "a", "mechanism": "Memory Leak"}',
      't.truth.json:1: mechanism: expected a snake_case word, found "Memory Leak"',
    ],
    ['{"service": "a", "remediation": "pray"}', /^t\.truth\.json:1: remediation: unknown strategy "pray"/],
    ['{"service": 7}', 't.truth.json:1: service: expected a non-empty string, found 7'],
    ['{"service": "a",', /^t\.truth\.json:1: invalid JSON: /],
  ])('rejects %s', async (text, expected) => {
    const error = await readTruth(tempFile('t.truth.json', text)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    if (typeof expected === 'string') expect((error as BundleError).message).toBe(expected);
    else expect((error as BundleError).message).toMatch(expected);
  });

  it('names a missing truth file', async () => {
    await expect(readTruth(tempFile('absent.truth.json'))).rejects.toThrow(
      /^absent\.truth\.json: cannot read: /,
    );
  });
});
