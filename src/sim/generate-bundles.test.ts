import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBundle, readTruth } from '../connectors/bundle/index.js';
import { generateBundles, SCENARIO_NAMES, scenarioSequence } from './index.js';

describe('scenarioSequence', () => {
  it('cycles through every scenario in shuffled blocks, the same for the same seed', () => {
    const sequence = scenarioSequence(24, 9);
    for (let block = 0; block < 3; block++) {
      expect(new Set(sequence.slice(block * 8, block * 8 + 8))).toEqual(new Set(SCENARIO_NAMES));
    }
    expect(scenarioSequence(24, 9)).toEqual(sequence);
    expect(scenarioSequence(24, 10)).not.toEqual(sequence);
    expect(sequence.slice(0, 8)).not.toEqual([...SCENARIO_NAMES]);
  });

  it('keeps false alarms at one in eight or more, partial blocks included', () => {
    for (const count of [1, 3, 7, 9, 15, 20, 100]) {
      for (const seed of [1, 2, 3]) {
        const alarms = scenarioSequence(count, seed).filter((s) => s === 'false-alarm').length;
        expect(alarms, `count ${count} seed ${seed}`).toBe(Math.ceil(count / 8));
        expect(alarms / count).toBeGreaterThanOrEqual(0.1);
      }
    }
  });
});

describe('generateBundles', () => {
  const roots: string[] = [];
  afterAll(async () => {
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  it('writes readable bundles with the truth beside them and neutral names', async () => {
    const root = await mkdtemp(join(tmpdir(), 'afr-gen-'));
    roots.push(root);
    const out = join(root, 'corpus');
    const { bundles } = await generateBundles({ count: 2, out, seed: 5, services: [8, 9] });
    expect(bundles.map((b) => b.dir)).toEqual(['b0001', 'b0002'].map((d) => join(out, d)));
    expect(bundles.map((b) => b.scenario)).toEqual(scenarioSequence(2, 5));
    expect(bundles.map((b) => b.scenario)).toContain('false-alarm');
    expect((await readdir(out)).sort()).toEqual(['b0001', 'b0001.truth.json', 'b0002', 'b0002.truth.json']);
    for (const generated of bundles) {
      expect(generated.services).toBeGreaterThanOrEqual(8);
      expect(generated.services).toBeLessThanOrEqual(9);
      const bundle = await readBundle(generated.dir);
      expect(bundle.store.topology?.services).toHaveLength(generated.services);
      expect(bundle.store.logs.length).toBeGreaterThan(1000);
      expect(bundle.present.metrics && bundle.present.traces && bundle.present.changes).toBe(true);
      const truth = await readTruth(generated.truthPath);
      expect(generated.truthPath).toBe(`${generated.dir}.truth.json`);
      if (generated.scenario === 'false-alarm') expect(truth.service).toBeNull();
      else expect(bundle.store.topology?.services.map((s) => s.name)).toContain(truth.service);
      for (const file of await readdir(generated.dir)) {
        const text = await readFile(join(generated.dir, file), 'utf8');
        for (const scenario of SCENARIO_NAMES)
          expect(text, `${file} names ${scenario}`).not.toContain(scenario);
        if (truth.mechanism) expect(text).not.toContain(truth.mechanism);
      }
    }
  });

  it('rejects bad options with a message naming them', async () => {
    await expect(generateBundles({ count: 0, out: 'unused' })).rejects.toThrow(
      /count must be an integer >= 1/,
    );
    await expect(generateBundles({ count: 1, out: 'unused', services: [5, 9] })).rejects.toThrow(
      /services must be \[min, max\]/,
    );
    await expect(generateBundles({ count: 1, out: 'unused', services: [30, 20] })).rejects.toThrow(
      /got \[30, 20\]/,
    );
    await expect(generateBundles({ count: 1, out: 'unused', seed: 1.5 })).rejects.toThrow(
      /seed must be an integer/,
    );
  });
});
