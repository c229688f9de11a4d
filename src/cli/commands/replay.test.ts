/**
 * `afr replay` end to end: bundles exported from the simulator (three traffic surges, a
 * false alarm, and a disk-full bundle whose truth file is missing) are replayed into the
 * SQLite store of AFR_DATA_DIR. Nothing is executed; the truths are recorded; what was
 * learned shows in the summary, in `afr insights`, and in the next replay (skipped).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportScenarioBundle } from '../../sim/bundle-export.js';
import { cliIn } from '../testing/run-cli-in.js';

const root = mkdtempSync(join(tmpdir(), 'afr-replay-'));
const bundles = join(root, 'bundles');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const afr = cliIn(join(root, 'data'));

beforeAll(async () => {
  await mkdir(bundles, { recursive: true });
  for (const seed of [1, 3, 4]) {
    await exportScenarioBundle({
      scenario: 'traffic-surge-cpu-saturation',
      seed,
      out: join(bundles, `surge-${seed}`),
    });
  }
  await exportScenarioBundle({ scenario: 'false-alarm', seed: 1, out: join(bundles, 'noise-1') });
  const { truthPath } = await exportScenarioBundle({
    scenario: 'disk-full-database',
    seed: 1,
    out: join(bundles, 'disk-1'),
  });
  await rm(truthPath);
}, 120_000);

describe('afr replay', () => {
  it('replays bundles in shadow mode, records their truth, and prints what was learned', async () => {
    const result = await afr('replay', bundles);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(/^replayed 5 of 5 bundles in shadow mode \(nothing executed\)\n/);
    expect(result.out).toMatch(/ground truth recorded for 4; root cause right at rank 1 on \d of them/);
    const surge = /traffic_surge +0\.10 -> (\d\.\d\d) {2}\(3\)/.exec(result.out);
    expect(surge, result.out).not.toBeNull();
    expect(Number(surge?.[1])).toBeGreaterThan(0.1);
    expect(result.out).toMatch(/false_alarm +0\.20 -> \d\.\d\d {2}\(1\)/);
    expect(result.out).toMatch(/scale_up for traffic_surge \(cpu_saturation\): 0\.75 -> 0\.8\d {2}\(3\/0\)/);
    expect(result.err).toMatch(
      /afr replay: disk-1 -> replay-disk-1-ALERT-[\w-]+: act: resource_exhaustion on postgres\n/,
    );

    // Nothing was executed; the truth is in the audit log; the incident is closed.
    const audit = (await afr('audit', 'export')).out
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            incident_id: string;
            action: string;
            actor: string;
            detail: Record<string, unknown>;
          },
      );
    expect(audit.filter((e) => e.action.startsWith('step_'))).toEqual([]);
    const truths = audit.filter((e) => e.action === 'ground_truth_recorded');
    expect(truths).toHaveLength(4);
    expect(truths.find((e) => e.detail.source === 'noise-1.truth.json')?.detail).toMatchObject({
      service: null,
      remediation: 'none',
    });
    expect(truths.find((e) => e.detail.source === 'surge-1.truth.json')).toMatchObject({
      actor: 'replay',
      detail: {
        service: expect.any(String),
        cause: 'traffic_surge',
        remediation: 'scale_up',
        source: 'surge-1.truth.json',
      },
    });
    const insights = JSON.parse((await afr('insights', '--json')).out) as {
      incidents: number;
      confirmed_root_causes: number;
      success_rate: number | null;
      common_root_causes: [string, number][];
    };
    expect(insights).toMatchObject({ incidents: 5, confirmed_root_causes: 4, success_rate: null });
    expect(insights.common_root_causes[0]).toEqual(['traffic_surge', 0.75]);
  });

  it('skips bundles already replayed, and says so in JSON too', async () => {
    const result = await afr('replay', bundles, '--json');
    expect(result.code, result.err).toBe(0);
    const summary = JSON.parse(result.out) as {
      replayed: number;
      skipped: number;
      incidents: { skipped?: string }[];
      learned: { confirmed: number; base_rates: { cause: string; learned: number }[] };
    };
    expect(summary).toMatchObject({ replayed: 0, skipped: 5 });
    expect(summary.incidents.every((i) => i.skipped === 'already replayed')).toBe(true);
    expect(summary.learned.confirmed).toBe(4);
    expect(summary.learned.base_rates.find((b) => b.cause === 'traffic_surge')?.learned).toBeGreaterThan(0.1);
  });

  it('refuses a folder that does not exist or holds no bundle, as bad input', async () => {
    const missing = await afr('replay', join(root, 'nope'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nope: ENOENT/);
    const empty = join(root, 'empty');
    await mkdir(empty);
    const none = await afr('replay', empty);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/no bundle folder \(with a manifest.json\) inside/);
  });
});
