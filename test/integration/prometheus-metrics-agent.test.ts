/**
 * Real Prometheus (Debian package) scrapes `afr sim serve`; the metrics agent, reading only
 * Prometheus' HTTP API, must find the injected fault's service and its onset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsAgent } from '../../src/agents/metrics-agent.js';
import { PrometheusMetricsSource } from '../../src/connectors/prometheus/index.js';
import type { MetricAnomalyFinding } from '../../src/core/index.js';
import { type SimServer, startSimServer } from '../../src/sim/live/sim-server.js';
import { observabilityAvailable, type RunningServer, startPrometheus } from '../support/observability.js';

const available = observabilityAvailable();
const SPEED = 15;
const FAULT_AFTER_S = 45;

describe.skipIf(!available)('metrics agent on real Prometheus scraping the live simulator', () => {
  let sim: SimServer;
  let prometheus: RunningServer;
  let scrapedSince = 0;

  beforeAll(async () => {
    sim = await startSimServer({
      scenario: 'bad-deploy-error-spike',
      seed: 3,
      speed: SPEED,
      faultAfterSeconds: FAULT_AFTER_S,
    });
    prometheus = await startPrometheus({ targets: [new URL(sim.url).host], scrapeIntervalS: 1 });
    scrapedSince = Math.ceil(Date.now() / 1000);
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await sim?.close();
  });

  it('names the deployed service and its onset through the real HTTP API', async () => {
    const truth = sim.sim.world.truth;
    const onset = sim.sim.fault().onset;
    // Let the fault unfold for 25 wall seconds (about six simulated minutes).
    await waitUntil(() => Date.now() / 1000 > onset + 25, 90_000);

    const source = new PrometheusMetricsSource({ url: prometheus.url, scrape_interval_s: 1, step_s: 1 });
    const names = await source.metricNames({ signal: AbortSignal.timeout(5000) });
    expect(names.kind === 'ok' && names.data).toEqual(
      expect.arrayContaining(['error_rate', 'latency_p99', 'rps', 'cpu']),
    );

    const end = Math.floor(Date.now() / 1000);
    // The window is what Prometheus holds; the Commander's planner puts the baseline's end
    // halfway between the window's start and the alert.
    const start = scrapedSince;
    // Onsets within a rate() window and a scrape of each other are simultaneous.
    const agent = new MetricsAgent({ onsetToleranceSeconds: 5 });
    const services = sim.sim.topology().services.map((s) => s.name);
    const result = await agent.investigate({
      alert: {
        id: 'it',
        timestamp: end,
        service: truth.service ?? '',
        severity: 'critical',
        message: '',
        labels: {},
        annotations: {},
        status: 'firing',
        source: 'test',
      },
      plan: {
        mode: 'parallel',
        agents: ['metrics'],
        services,
        window: { start, end },
        baseline_end: start + 0.5 * (end - start),
        deadlines_ms: { metrics: 10_000 },
        data_sources: [],
        rationale: 'integration test',
      },
      ports: { metrics: source },
      topology: sim.sim.topology(),
      signal: AbortSignal.timeout(10_000),
    });
    expect(result.sources.filter((s) => s.status === 'error')).toEqual([]);
    const onTarget = result.findings.filter(
      (f): f is MetricAnomalyFinding => f.kind === 'metric_anomaly' && f.service === truth.service,
    );
    const errors = onTarget.find((f) => f.metric === 'error_rate');
    expect(
      errors,
      JSON.stringify(result.findings.map((f) => [f.service, (f as MetricAnomalyFinding).metric])),
    ).toBeDefined();
    // Onset within a few scrapes (and one rate() window) of the injected fault.
    expect(Math.abs((errors?.onset ?? 0) - onset)).toBeLessThanOrEqual(8);
    // The deployed service leads the ranking (callers follow it).
    expect(
      result.service_ranking?.[0]?.service,
      JSON.stringify({
        onset,
        ranking: result.service_ranking,
        findings: onTarget.map((f) => [f.metric, f.onset, f.significance]),
      }),
    ).toBe(truth.service);
  }, 120_000);

  it('reports Prometheus going away as an error source, within the deadline', async () => {
    const source = new PrometheusMetricsSource({ url: prometheus.url, retries: 0 });
    await prometheus.stop();
    const started = Date.now();
    const outcome = await source.range(
      { metric: 'error_rate', range: { start: Date.now() / 1000 - 60, end: Date.now() / 1000 } },
      { signal: AbortSignal.timeout(2000) },
    );
    expect(outcome.kind).toBe('error');
    expect(Date.now() - started).toBeLessThan(2500);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 250));
  }
}
