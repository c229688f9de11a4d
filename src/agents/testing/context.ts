/**
 * Investigation contexts for the agent tests: an alert, a plan over a fixed window and the
 * memory ports over a TelemetryStore the test fills.
 */
import {
  MemoryChangeSource,
  MemoryLogSource,
  MemoryMetricsSource,
  TelemetryStore,
} from '../../connectors/memory/index.js';
import type { Alert, DataPorts, InvestigationPlan } from '../../core/index.js';
import type { InvestigationContext } from '../agent.js';

/** Window start; the alert fires 35 minutes in, the window ends an hour in. */
export const WINDOW_START = 1_700_000_000;
export const ALERT_AT = WINDOW_START + 2100;
export const WINDOW_END = WINDOW_START + 3600;

export function testAlert(service = 'api', severity: Alert['severity'] = 'critical'): Alert {
  return {
    id: 'ALERT-test',
    timestamp: ALERT_AT,
    service,
    severity,
    message: `alert on ${service}`,
    labels: {},
    annotations: {},
    status: 'firing',
    source: 'test',
  };
}

export function testPlan(services: string[], overrides: Partial<InvestigationPlan> = {}): InvestigationPlan {
  return {
    mode: 'parallel',
    agents: ['metrics', 'logs', 'deploy'],
    services,
    window: { start: WINDOW_START, end: WINDOW_END },
    baseline_end: WINDOW_START + 1200,
    deadlines_ms: { metrics: 5000, logs: 5000, deploy: 5000 },
    data_sources: [],
    rationale: 'test',
    ...overrides,
  };
}

/** Memory ports over `store`. */
export function memoryPorts(store: TelemetryStore): DataPorts {
  return {
    metrics: new MemoryMetricsSource(store),
    logs: new MemoryLogSource(store),
    changes: new MemoryChangeSource(store),
  };
}

export function testContext(
  store: TelemetryStore,
  services: string[],
  overrides: Partial<InvestigationContext> = {},
): InvestigationContext {
  return {
    alert: testAlert(services[0]),
    plan: testPlan(services),
    ports: memoryPorts(store),
    topology: store.topology,
    signal: new AbortController().signal,
    ...overrides,
  };
}

export { TelemetryStore };
