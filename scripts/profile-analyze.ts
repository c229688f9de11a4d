import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommanderAgent } from '../src/agents/commander.js';
import { bundlePorts, readBundle } from '../src/connectors/bundle/index.js';
import { ManualClock } from '../src/connectors/memory/clocks.js';
import { Alert } from '../src/core/index.js';
import { exportScenarioBundle, type ScenarioName } from '../src/sim/index.js';

const scenario = (process.argv[2] ?? 'db-connection-exhaustion') as ScenarioName;
const out = join(mkdtempSync(join(tmpdir(), 'afr-prof-')), scenario);
let t = performance.now();
await exportScenarioBundle({ scenario, seed: 42, out });
console.log('export', Math.round(performance.now() - t));
t = performance.now();
const bundle = await readBundle(out);
console.log('read', Math.round(performance.now() - t), 'logs', bundle.store.logs.length);
for (let i = 0; i < 5; i++) {
  const commander = new CommanderAgent({
    ports: bundlePorts(bundle),
    clock: new ManualClock(bundle.manifest.window.end),
    planOnly: true,
  });
  const report = await commander.handleAlert(Alert.parse({ ...bundle.manifest.alert, severity: 'medium' }), {
    dataStart: bundle.manifest.window.start,
    dataEnd: bundle.manifest.window.end,
  });
  console.log(
    Object.entries(report.timings_ms)
      .map(([k, v]) => `${k}=${v.toFixed(1)}`)
      .join(' '),
    report.phases.find((p) => p.phase === 'investigate')?.detail,
  );
}
