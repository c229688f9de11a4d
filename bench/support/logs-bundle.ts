/**
 * The logs benchmark's input: a simulator bundle with a fixed number of log lines over a
 * fixed window. Runs a scenario on a random topology to its alert and five minutes past it
 * (as `exportScenarioBundle` does), keeps the last `minutes` of that, thins the log lines
 * evenly (every template keeps its share and its timing) to exactly `lines`, and writes
 * the bundle (topology, metrics, logs, changes) with its truth file beside it.
 * Run as a script it writes one bundle and prints its description as JSON, so the
 * benchmark's own process never holds the simulator's memory:
 *   tsx bench/support/logs-bundle.ts <out> [lines] [minutes] [services] [seed] [scenario]
 */
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { truthPathFor } from '../../src/connectors/bundle/truth.js';
import { writeBundle } from '../../src/connectors/bundle/write-bundle.js';
import { TelemetryStore } from '../../src/connectors/memory/index.js';
import { alertHeadline, type LogLevel } from '../../src/core/index.js';
import { randomTopology } from '../../src/sim/index.js';
import { isScenarioName, type ScenarioName } from '../../src/sim/scenarios/scenario-names.js';
import { createSimWorld } from '../../src/sim/world.js';

export interface LogsBundleOptions {
  out: string;
  lines: number;
  minutes: number;
  services: number;
  seed: number;
  scenario: ScenarioName;
}

export interface LogsBundleDescription {
  dir: string;
  truth_path: string;
  scenario: ScenarioName;
  services: number;
  window: { start: number; end: number };
  /** Lines the simulator wrote in the window, before thinning. */
  simulated_lines: number;
  lines: number;
  levels: Partial<Record<LogLevel, number>>;
}

const AFTER_ALERT_S = 5 * 60;

export async function writeLogsBundle(options: LogsBundleOptions): Promise<LogsBundleDescription> {
  const topology = randomTopology(options.seed, { services: options.services });
  const world = createSimWorld({ scenario: options.scenario, seed: options.seed, topology });
  const alert = world.runUntilAlert();
  if (!alert) throw new Error(`scenario ${options.scenario} (seed ${options.seed}) raised no alert`);
  world.advance(Math.max(0, alert.timestamp + AFTER_ALERT_S - world.now()));
  const window = {
    start: alert.timestamp + AFTER_ALERT_S - options.minutes * 60,
    end: alert.timestamp + AFTER_ALERT_S,
  };
  const source = world.store;
  const inWindow = source.logs.filter((r) => r.timestamp >= window.start && r.timestamp <= window.end);
  if (inWindow.length < options.lines) {
    throw new Error(
      `the simulator wrote ${inWindow.length} lines in ${options.minutes} min; ask for fewer lines or more services`,
    );
  }
  const store = new TelemetryStore();
  store.topology = source.topology;
  const levels: Partial<Record<LogLevel, number>> = {};
  for (let k = 0; k < options.lines; k++) {
    const record = inWindow[Math.floor((k * inWindow.length) / options.lines)];
    store.addLog(record);
    levels[record.level] = (levels[record.level] ?? 0) + 1;
  }
  for (const metric of source.metricNames()) {
    for (const service of source.servicesWith(metric)) {
      for (const [t, v] of source.points(metric, service, window)) store.addSample(service, metric, t, v);
    }
  }
  for (const change of source.changes) store.addChange(change);
  const manifest = { format: 'afr-bundle/v1' as const, alert: alertHeadline(alert), window };
  await writeBundle(options.out, { manifest, store });
  const truthPath = truthPathFor(options.out);
  await writeFile(truthPath, `${JSON.stringify(world.truth, null, 2)}\n`, 'utf8');
  return {
    dir: options.out,
    truth_path: truthPath,
    scenario: options.scenario,
    services: topology.services.length,
    window,
    simulated_lines: inWindow.length,
    lines: options.lines,
    levels,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [
    out,
    lines = '30000',
    minutes = '45',
    services = '40',
    seed = '42',
    scenario = 'cascading-upstream-failure',
  ] = process.argv.slice(2);
  if (!out || !isScenarioName(scenario)) {
    console.error('usage: logs-bundle.ts <out> [lines] [minutes] [services] [seed] [scenario]');
    process.exit(2);
  }
  const description = await writeLogsBundle({
    out,
    lines: Number(lines),
    minutes: Number(minutes),
    services: Number(services),
    seed: Number(seed),
    scenario,
  });
  console.log(JSON.stringify(description));
}
