/**
 * History for Prometheus backfill: a scenario's quiet history (from the world's start to the
 * fault's onset) in the OpenMetrics text format that
 * `promtool tsdb create-blocks-from openmetrics <file> <dir>` reads. Samples are one
 * simulated step apart and end at `end` (epoch seconds, default now), with the same metric
 * names and labels that `afr sim serve` exposes, so backfilled and scraped data join up.
 */
import type { ScenarioName } from '../scenarios/scenario-names.js';
import { createSimWorld } from '../world.js';
import { MetricsExposition, type ServiceSample } from './metrics-exposition.js';

export interface OpenMetricsExportOptions {
  scenario: ScenarioName;
  seed?: number;
  /** Wall time (epoch s) of the last sample; default now. */
  end?: number;
}

export function exportOpenMetrics(options: OpenMetricsExportOptions): string {
  const world = createSimWorld({ scenario: options.scenario, seed: options.seed ?? 1 });
  const step = world.engine.stepSeconds;
  const stop = world.onset - step;
  const end = Math.floor(options.end ?? Date.now() / 1000);
  const shift = end - stop;
  const exposition = new MetricsExposition();
  const families = MetricsExposition.familyHeaders(true);
  const bodies = new Map<string, string[]>([...families.keys()].map((name) => [name, []]));
  const services = world.store.services();
  for (;;) {
    const t = world.engine.t;
    const sample = new Map<string, ServiceSample>();
    for (const service of services) {
      const values: ServiceSample = {};
      for (const metric of world.store.metricNames()) {
        const last = world.store.points(metric, service, { start: t, end: t })[0];
        if (last) values[metric] = last[1];
      }
      if (Object.keys(values).length) sample.set(service, values);
    }
    exposition.advance(sample, step);
    for (const [name, lines] of exposition.renderSamples(t + shift)) bodies.get(name)?.push(...lines);
    if (t + step > stop) break;
    world.advance(step);
  }
  const out: string[] = [];
  for (const [name, header] of families) {
    const body = bodies.get(name) ?? [];
    if (!body.length) continue;
    out.push(...header, ...body);
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}
