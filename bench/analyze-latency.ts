/**
 * Alert-to-decision latency of `afr analyze`: INVESTIGATE + DECIDE on exported bundles of
 * the default topology, median and p99 over repeated runs.
 * Usage: npm run bench [-- --runs N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommanderAgent } from '../src/agents/commander.js';
import { bundlePorts, readBundle } from '../src/connectors/bundle/index.js';
import { ManualClock } from '../src/connectors/memory/clocks.js';
import { Alert } from '../src/core/index.js';
import { exportScenarioBundle, SCENARIO_NAMES } from '../src/sim/index.js';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20;
const dir = mkdtempSync(join(tmpdir(), 'afr-bench-'));
const samples: number[] = [];
let services = 0;
let rows = 0;
try {
  for (const scenario of SCENARIO_NAMES) {
    const out = join(dir, scenario);
    await exportScenarioBundle({ scenario, seed: 42, out });
    const bundle = await readBundle(out);
    services = bundle.store.services().length;
    rows = bundle.store.metricNames().reduce((n, m) => n + bundle.store.servicesWith(m).length, 0);
    for (let i = 0; i < runs; i++) {
      const commander = new CommanderAgent({
        ports: bundlePorts(bundle),
        clock: new ManualClock(bundle.manifest.window.end),
        planOnly: true,
      });
      const report = await commander.handleAlert(Alert.parse({ ...bundle.manifest.alert }), {
        dataStart: bundle.manifest.window.start,
        dataEnd: bundle.manifest.window.end,
      });
      samples.push(report.timings_ms.investigate + report.timings_ms.decide);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
samples.sort((a, b) => a - b);
const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
console.log(
  JSON.stringify(
    {
      benchmark: 'analyze investigate+decide',
      bundles: SCENARIO_NAMES.length,
      services_per_bundle: services,
      series_per_bundle: rows,
      runs: samples.length,
      median_ms: Number(q(0.5).toFixed(2)),
      p99_ms: Number(q(0.99).toFixed(2)),
    },
    null,
    2,
  ),
);
