/**
 * What every chaos scenario shares: the scenario shape, an in-process `afr serve` with its
 * log lines captured, Alertmanager webhook deliveries, API reads, and polling.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseConfig } from '../../src/config/index.js';
import { type AfrServer, startAfrServer } from '../../src/server/serve.js';

export interface ScenarioOptions {
  /** CI smoke: shorter deadlines and fewer alerts. */
  smoke: boolean;
}

export interface ScenarioResult {
  observed: string;
  /** Failed expectations; empty means PASS. */
  failures: string[];
  /** Why the scenario could not run here (missing binary or database); neither PASS nor FAIL. */
  skipped?: string;
}

export interface ChaosScenario {
  name: string;
  expected: string;
  run(options: ScenarioOptions): Promise<ScenarioResult>;
}

export const API_TOKEN = 'chaos-admin-token';
export const HOOK_TOKEN = 'chaos-hook-token';
export const FINAL_STATES = new Set(['resolved', 'escalated', 'failed', 'awaiting_approval']);
export const APPLIED_STATUSES = new Set(['applied', 'verified', 'undone', 'regressed']);

/** Collects expectations; `failures` lists the ones that did not hold. */
export class Checks {
  readonly failures: string[] = [];
  expect(ok: boolean, what: string): boolean {
    if (!ok) this.failures.push(what);
    return ok;
  }
}

export interface LogLine {
  level?: number;
  msg?: string;
  [key: string]: unknown;
}

export interface InProcessAfr {
  url: string;
  server: AfrServer;
  logs: LogLine[];
  close(): Promise<void>;
}

/** `afr serve` in this process from config.yml text (without a `store:` section: SQLite in a temp dir). */
export async function startInProcessAfr(yaml: string): Promise<InProcessAfr> {
  const dir = mkdtempSync(join(tmpdir(), 'afr-chaos-'));
  const store = /^store:/m.test(yaml) ? '' : `store:\n  data_dir: ${JSON.stringify(dir)}\n`;
  const config = parseConfig(`${yaml}\n${store}`, {}, 'chaos.yml');
  const logs: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          logs.push(JSON.parse(line) as LogLine);
        } catch {
          logs.push({ msg: line });
        }
      }
      done();
    },
  });
  const server = await startAfrServer({
    config,
    env: { AFR_API_TOKEN: API_TOKEN, AFR_WEBHOOK_TOKEN: HOOK_TOKEN },
    logger: { level: 'info', stream },
    pollMs: 100,
  });
  return {
    url: server.url,
    server,
    logs,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface AlertSpec {
  alertname: string;
  service: string;
  severity?: string;
}

/** One Alertmanager (version 4) webhook delivery with these alerts, all firing. */
export function alertmanagerPayload(alerts: AlertSpec[], startsAt = new Date().toISOString()): string {
  return JSON.stringify({
    version: '4',
    status: 'firing',
    receiver: 'afr',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://127.0.0.1:9093',
    groupKey: '{}:{}',
    truncatedAlerts: 0,
    alerts: alerts.map((a) => ({
      status: 'firing',
      labels: { alertname: a.alertname, service: a.service, severity: a.severity ?? 'critical' },
      annotations: { summary: `${a.alertname} on ${a.service}` },
      startsAt,
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://127.0.0.1:9090/graph',
      fingerprint: `${a.alertname}-${a.service}`,
    })),
  });
}

export async function sendAlerts(
  baseUrl: string,
  alerts: AlertSpec[],
): Promise<{ status: number; body: unknown; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/webhooks/alertmanager`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${HOOK_TOKEN}` },
    body: alertmanagerPayload(alerts),
  });
  const body = await response.json().catch(() => null);
  return { status: response.status, body, ms: performance.now() - started };
}

export async function getJson<T>(baseUrl: string, path: string): Promise<T> {
  const response = await fetch(baseUrl + path, { headers: { authorization: `Bearer ${API_TOKEN}` } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export interface IncidentSummary {
  id: string;
  state: string;
  service: string;
  alert: { labels: Record<string, string> };
}

export interface IncidentDetail {
  incident: IncidentSummary;
  report: {
    decision: string;
    missing_data: string[];
    investigation_plan: { deadlines_ms: Record<string, number> };
  } | null;
  phases: { phase: string; duration_ms: number; status: string; detail: string }[];
  actions: { step_id: string; status: string; strategy: string; target: string }[];
  state_history: { from: string | null; to: string; reason: string }[];
}

export const listIncidents = async (baseUrl: string) =>
  (await getJson<{ incidents: IncidentSummary[] }>(baseUrl, '/api/v1/incidents?limit=500')).incidents;

export const incidentDetail = (baseUrl: string, id: string) =>
  getJson<IncidentDetail>(baseUrl, `/api/v1/incidents/${id}`);

export const incidentAudit = async (baseUrl: string, id: string) =>
  (
    await getJson<{ entries: { actor: string; action: string; detail: Record<string, unknown> }[] }>(
      baseUrl,
      `/api/v1/incidents/${id}/audit`,
    )
  ).entries;

/** Polls `read` until it returns a value; errors count as "not yet". */
export async function until<T>(
  read: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await read();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (${String(lastError)})` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits for every incident of `ids` to reach a final (or awaiting-approval) state. */
export async function untilFinal(
  baseUrl: string,
  count: number,
  timeoutMs: number,
): Promise<IncidentSummary[]> {
  return until(
    async () => {
      const all = await listIncidents(baseUrl);
      return all.length >= count && all.every((i) => FINAL_STATES.has(i.state)) ? all : undefined;
    },
    timeoutMs,
    `${count} incident(s) to reach a final state`,
  );
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** config.yml for an in-process replica: quick grouping, one incident per service, plus `extra`. */
export function serveConfig(extra: string[]): string {
  return [
    'server:',
    '  ui: false',
    '  workers: 4',
    'incidents:',
    '  group_wait_s: 0',
    '  group_interval_s: 1',
    '  correlate_by_topology: false',
    ...extra,
  ].join('\n');
}

/**
 * Waits until `count` incidents are final and each has its report saved (the report is
 * written after the final state change, once notifications were sent).
 */
export async function untilReported(
  baseUrl: string,
  count: number,
  timeoutMs: number,
): Promise<IncidentDetail[]> {
  const started = Date.now();
  const incidents = await untilFinal(baseUrl, count, timeoutMs);
  return until(
    async () => {
      const details = await Promise.all(incidents.map((i) => incidentDetail(baseUrl, i.id)));
      return details.every((d) => d.report) ? details : undefined;
    },
    Math.max(1000, timeoutMs - (Date.now() - started)),
    'the reports to be saved',
  );
}
