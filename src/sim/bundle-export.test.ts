import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportScenarioBundle } from './index.js';

describe('exportScenarioBundle', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('writes the alert window as a bundle with the truth beside it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'afr-sim-'));
    dirs.push(root);
    const out = join(root, 'pool-3');
    const { dir, truthPath, alert } = await exportScenarioBundle({
      scenario: 'db-connection-exhaustion',
      seed: 3,
      out,
    });
    expect(dir).toBe(out);
    expect(truthPath).toBe(`${out}.truth.json`);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.format).toBe('afr-bundle/v1');
    expect(manifest.alert.service).toBe(alert.service);
    const truth = JSON.parse(await readFile(truthPath, 'utf8'));
    expect(truth).toMatchObject({
      cause: 'config_change',
      mechanism: 'connection_pool_exhaustion',
      remediation: 'config_revert',
    });
    const bundleText = await readFile(join(out, 'logs.jsonl'), 'utf8');
    expect(bundleText).not.toContain(truth.mechanism);
    const csv = (await readFile(join(out, 'metrics.csv'), 'utf8')).trim().split('\n');
    const times = csv.slice(1).map((line) => Number(line.split(',')[0]));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(alert.timestamp - 3600);
    expect(Math.max(...times)).toBeLessThanOrEqual(alert.timestamp + 300);
    expect(Math.max(...times)).toBeGreaterThan(alert.timestamp + 240);
    expect(Math.min(...times)).toBeLessThan(alert.timestamp - 3500);
  });
});
