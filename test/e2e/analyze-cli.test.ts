import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { readTruth } from '../../src/connectors/bundle/index.js';
import { validateAnalysisOutput } from '../schema/validate-analysis-output.js';

const dir = mkdtempSync(join(tmpdir(), 'afr-analyze-'));
process.env.AFR_DATA_DIR = join(dir, 'data');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let outText = '';
  let errText = '';
  out.on('data', (c) => {
    outText += c;
  });
  err.on('data', (c) => {
    errText += c;
  });
  const code = await runCli(['node', 'afr', ...args], { out, err });
  return { code, out: outText, err: errText };
}

describe('afr sim export + afr analyze --json', () => {
  for (const scenario of ['db-connection-exhaustion', 'memory-leak-after-deploy', 'false-alarm'] as const) {
    it(`${scenario}: exported bundle analyses to spec-valid JSON`, async () => {
      const bundle = join(dir, scenario);
      const exported = await cli(['sim', 'export', '--scenario', scenario, '--out', bundle, '--seed', '3']);
      expect(exported.code, exported.err).toBe(0);
      const truth = await readTruth(`${bundle}.truth.json`);
      const analysed = await cli(['analyze', bundle, '--json']);
      expect(analysed.code, analysed.err).toBe(0);
      const doc = JSON.parse(analysed.out);
      const validation = validateAnalysisOutput(doc);
      expect(validation.errors).toEqual([]);
      expect(validation.valid).toBe(true);
      if (truth.service)
        expect(doc.hypotheses.map((h: { service: string }) => h.service)).toContain(truth.service);
      // analyze plans but never executes
      expect(doc.remediation_plan === null || typeof doc.remediation_plan.strategy === 'string').toBe(true);
    });
  }

  it('a malformed bundle exits 2 with the file, line and field, and no stack trace', async () => {
    const bundle = join(dir, 'broken');
    const exported = await cli(['sim', 'export', '--scenario', 'false-alarm', '--out', bundle]);
    expect(exported.code).toBe(0);
    writeFileSync(
      join(bundle, 'logs.jsonl'),
      '{"timestamp": 1, "service": "a", "level": "error", "message": "x"}\n{not json\n',
    );
    const analysed = await cli(['analyze', bundle, '--json']);
    expect(analysed.code).toBe(2);
    expect(analysed.out).toBe('');
    expect(analysed.err).toMatch(/logs\.jsonl:2/);
    expect(analysed.err).not.toMatch(/\n\s+at /);
  });

  it('a missing manifest exits 2', async () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    const analysed = await cli(['analyze', empty, '--json']);
    expect(analysed.code).toBe(2);
    expect(analysed.err).toMatch(/manifest\.json/);
  });

  it('an unknown scenario is a usage error', async () => {
    const result = await cli(['demo', '--scenario', 'nope']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/unknown scenario/);
  });
});

describe('afr config check and afr demo --json', () => {
  it('config check accepts config.example.yml and names the key path of a bad value (exit 2)', async () => {
    process.env.ARGOCD_TOKEN ??= 'test-token';
    const good = await cli(['config', 'check', 'config.example.yml']);
    expect(good.code, good.err).toBe(0);
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'commander:\n  confidence_threshold: high\n');
    const result = await cli(['config', 'check', bad]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/commander\.confidence_threshold/);
  });

  it('demo --json prints one document with the documented shape and persists to SQLite', async () => {
    const result = await cli(['demo', '--scenario', 'false-alarm', '--json']);
    expect(result.code, result.err).toBe(0);
    const doc = JSON.parse(result.out);
    expect(doc.seed).toBe(1);
    expect(doc.incidents).toHaveLength(1);
    expect(doc.incidents[0]).toMatchObject({ scenario: 'false-alarm', false_act: false });
    expect(doc.summary[0]).toEqual(
      expect.objectContaining({
        scenario: 'false-alarm',
        decision: expect.any(String),
        strategy: expect.any(String),
      }),
    );
    const { openStore } = await import('../../src/store/index.js');
    const store = await openStore({ dataDir: join(dir, 'data') });
    const incidents = await store.listIncidents();
    await store.close();
    expect(incidents.map((i) => i.id)).toContain(doc.incidents[0].report.incident_id);
  });
});
