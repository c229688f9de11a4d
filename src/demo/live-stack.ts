/**
 * The real loop on one machine: `afr sim serve` with a fault scenario, real Prometheus
 * scraping it with alert rules, real Alertmanager sending its webhook to `afr serve`, which
 * reads Prometheus and the simulator's logs, changes and traces and acts on the simulator.
 * Used by `afr demo --live` and the live integration test.
 */
import { type AfrConfig, parseConfig } from '../config/index.js';
import { type AfrServer, startAfrServer } from '../server/serve.js';
import { liveAlertRules } from '../sim/live/alert-rules.js';
import { CompressedClock } from '../sim/live/compressed-clock.js';
import { type SimServer, startSimServer } from '../sim/live/sim-server.js';
import type { ScenarioName } from '../sim/scenarios/scenario-names.js';
import { freePort } from '../util/free-port.js';
import { type RunningServer, startAlertmanager, startPrometheus } from './observability-processes.js';

export interface LiveStackOptions {
  scenario: ScenarioName;
  seed: number;
  /** Simulated seconds per wall second (default 15). */
  speed?: number;
  /** Wall seconds of quiet history Prometheus scrapes before the fault (default 90). */
  faultAfterSeconds?: number;
  apiToken: string;
  /** pino options or false. */
  logger?: boolean | Record<string, unknown>;
  /** Extra config.yml lines (store, notifications...). */
  extraConfig?: string[];
}

export interface LiveStack {
  sim: SimServer;
  prometheus: RunningServer;
  alertmanager: RunningServer;
  afr: AfrServer;
  config: AfrConfig;
  close(): Promise<void>;
}

export async function startLiveStack(options: LiveStackOptions): Promise<LiveStack> {
  const speed = options.speed ?? 15;
  const hookToken = `live-${Math.random().toString(36).slice(2)}`;
  const started: { close(): Promise<void> }[] = [];
  const closeAll = async () => {
    for (const part of started.reverse()) await part.close().catch(() => undefined);
  };
  try {
    const sim = await startSimServer({
      scenario: options.scenario,
      seed: options.seed,
      speed,
      faultAfterSeconds: options.faultAfterSeconds ?? 90,
    });
    started.push(sim);
    const afrPort = await freePort();
    const alertmanager = await startAlertmanager(
      `http://127.0.0.1:${afrPort}/webhooks/alertmanager`,
      hookToken,
    );
    started.push({ close: () => alertmanager.stop() });
    const prometheus = await startPrometheus({
      targets: [new URL(sim.url).host],
      scrapeIntervalS: 1,
      rules: liveAlertRules(),
      alertmanager: new URL(alertmanager.url).host,
    });
    started.push({ close: () => prometheus.stop() });
    const config = parseConfig(
      [
        'server: { port: 0, workers: 2 }',
        'commander: { auto_remediate: true, investigation_deadline_ms: 8000, window_minutes: 2 }',
        'agents:',
        `  metrics: { backend: prometheus, url: "${prometheus.url}" }`,
        '  logs: { backend: simulator }',
        '  deploy: { backend: simulator }',
        'traces: { backend: simulator }',
        'actuator: { backend: simulator }',
        'integrations:',
        `  simulator: { url: "${sim.url}" }`,
        '  prometheus: { scrape_interval_s: 1, step_s: 1 }',
        'incidents: { group_wait_s: 3, group_interval_s: 2 }',
        `intake: { sources: { alertmanager: { auth: { type: bearer, token: ${hookToken} } } } }`,
        ...(options.extraConfig ?? ['store: { driver: memory }']),
      ].join('\n'),
      {},
      'live-stack.yml',
    );
    const afr = await startAfrServer({
      config,
      port: afrPort,
      env: { ...process.env, AFR_API_TOKEN: options.apiToken },
      logger: options.logger ?? false,
      pollMs: 100,
      // The simulator runs `speed` times faster than wall time: so do afr's waits.
      commander: { clock: new CompressedClock(speed) },
    });
    started.push(afr);
    return { sim, prometheus, alertmanager, afr, config, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
