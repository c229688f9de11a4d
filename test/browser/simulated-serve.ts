/**
 * A real `afr serve` (startAfrServer in-process: fastify, intake, incident pipeline, API,
 * SSE and the built UI) whose Commander investigates and acts on an embedded simulated
 * cloud: the world's telemetry through the memory ports, its actuator and its clock (so a
 * verification wait passes in simulated time). The topology reaches the API through the
 * config's `topology.file`, as in production. The alert is posted to the Alertmanager
 * webhook, the way Alertmanager would send it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/index.js';
import type { Alert } from '../../src/core/index.js';
import { simulatedCommanderOptions } from '../../src/demo/simulated-commander.js';
import { hashToken } from '../../src/server/auth.js';
import { type AfrServer, startAfrServer } from '../../src/server/serve.js';
import { createSimWorld, type ScenarioName, type SimWorld } from '../../src/sim/index.js';

export interface SimulatedServeOptions {
  scenario?: ScenarioName;
  seed?: number;
  /** Token → name and role, hashed into server.api_tokens. */
  tokens: Record<string, { name: string; role: 'viewer' | 'approver' | 'admin' }>;
  /** Above every confidence the Commander reaches (default 1): a confident decision waits for approval. */
  confidenceThreshold?: number;
  /** Extra config.yml lines (notifications...). */
  extraConfig?: string[];
}

export interface SimulatedServe {
  server: AfrServer;
  url: string;
  world: SimWorld;
  /** The alert the world raised (not yet sent). */
  alert: Alert;
  /** Posts the world's alert to /webhooks/alertmanager; resolves with the HTTP status. */
  postAlert(): Promise<number>;
  /** GET on the API with a bearer token, parsed as JSON. */
  api<T>(path: string, token: string): Promise<T>;
  close(): Promise<void>;
}

const HOOK_TOKEN = 'simulated-serve-hook-token';

/** The Alertmanager webhook body (payload version 4) for one firing alert. */
export function alertmanagerBody(alert: Alert): Record<string, unknown> {
  return {
    version: '4',
    status: 'firing',
    receiver: 'afr',
    groupKey: `{}:{alertname="${alert.labels.alertname ?? 'alert'}"}`,
    truncatedAlerts: 0,
    groupLabels: { alertname: alert.labels.alertname },
    commonLabels: alert.labels,
    commonAnnotations: { summary: alert.message },
    externalURL: 'http://127.0.0.1:9093',
    alerts: [
      {
        status: 'firing',
        labels: alert.labels,
        annotations: { summary: alert.message },
        startsAt: new Date(alert.timestamp * 1000).toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://127.0.0.1:9090/graph',
        fingerprint: alert.fingerprint,
      },
    ],
  };
}

export async function startSimulatedServe(options: SimulatedServeOptions): Promise<SimulatedServe> {
  const world = createSimWorld({
    scenario: options.scenario ?? 'db-connection-exhaustion',
    seed: options.seed ?? 1,
  });
  const alert = world.runUntilAlert();
  if (!alert) throw new Error(`the ${options.scenario} scenario raised no alert`);
  const dir = mkdtempSync(join(tmpdir(), 'afr-simulated-serve-'));
  const topologyFile = join(dir, 'topology.json');
  writeFileSync(topologyFile, JSON.stringify(world.topology));
  const tokens = Object.entries(options.tokens)
    .map(([token, who]) => `{ name: ${who.name}, role: ${who.role}, sha256: ${hashToken(token)} }`)
    .join(', ');
  const config = parseConfig(
    [
      'server:',
      '  port: 0',
      '  host: 127.0.0.1',
      `  api_tokens: [${tokens}]`,
      'store: { driver: memory }',
      `commander: { confidence_threshold: ${options.confidenceThreshold ?? 1}, auto_remediate: true }`,
      'incidents: { group_wait_s: 0, group_interval_s: 1 }',
      // The world's telemetry reaches the Commander through its memory ports (below).
      'agents: { metrics: { backend: bundle }, logs: { backend: bundle }, deploy: { backend: bundle } }',
      `topology: { file: ${JSON.stringify(topologyFile)} }`,
      ...(options.extraConfig ?? []),
    ].join('\n'),
    {},
    'simulated-serve.yml',
  );
  let server: AfrServer;
  try {
    server = await startAfrServer({
      config,
      env: { AFR_WEBHOOK_TOKEN: HOOK_TOKEN },
      logger: false,
      pollMs: 50,
      commander: simulatedCommanderOptions(world),
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    server,
    url: server.url,
    world,
    alert,
    async postAlert() {
      const response = await fetch(`${server.url}/webhooks/alertmanager`, {
        method: 'POST',
        headers: { authorization: `Bearer ${HOOK_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(alertmanagerBody(alert)),
      });
      await response.arrayBuffer();
      return response.status;
    },
    async api<T>(path: string, token: string): Promise<T> {
      const response = await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}: ${await response.text()}`);
      return (await response.json()) as T;
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `read` until it returns a value (not undefined); fails with `describe()` after `timeoutMs`. */
export async function until<T>(
  read: () => Promise<T | undefined>,
  timeoutMs: number,
  describe: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms ${describe()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
