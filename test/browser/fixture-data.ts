/**
 * API responses for the browser test, built from real incidents: the simulator plays two
 * scenarios and the real Commander handles their alerts into a MemoryStore (one incident
 * waits for approval, one was remediated autonomously). The detail payload adds what the
 * API contract carries besides the store: the world's topology, the evidence series and
 * the changes of the investigation window.
 */
import { simulatedCommander } from '../../src/demo/simulated-commander.js';
import { generateIncidentInsights } from '../../src/reports/insights.js';
import { createSimWorld, type ScenarioName } from '../../src/sim/index.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { IncidentDetail, Insights } from '../../ui/src/api/types.js';

export interface FixtureData {
  store: MemoryStore;
  /** The incident that awaits approval. */
  pendingId: string;
  /** The incident afr remediated on its own. */
  actedId: string;
  /** Detail payloads by incident id, without the store's parts (read fresh on each request). */
  extras: Map<string, Pick<IncidentDetail, 'topology' | 'series' | 'changes'>>;
}

async function playScenario(
  store: MemoryStore,
  scenario: ScenarioName,
  seed: number,
  confidenceThreshold: number,
): Promise<{ id: string; extras: Pick<IncidentDetail, 'topology' | 'series' | 'changes'> }> {
  const world = createSimWorld({ scenario, seed });
  const alert = world.runUntilAlert();
  if (!alert) throw new Error(`the ${scenario} scenario raised no alert`);
  const report = await simulatedCommander(world, { store, confidenceThreshold }).handleAlert(alert);
  const { start, end } = report.investigation_plan.window;
  const keys = new Set<string>();
  for (const f of report.findings)
    if (f.kind === 'metric_anomaly' && f.service) keys.add(`${f.service}|${f.metric}`);
  const series = [...keys]
    .map((key) => {
      const [service, metric] = key.split('|');
      return { service, metric, points: world.store.points(metric, service, { start, end }) };
    })
    .filter((s) => s.points.length > 0);
  const changes = world.store.changes.filter((c) => c.timestamp >= start && c.timestamp <= end);
  return { id: report.incident_id, extras: { topology: world.topology, series, changes } };
}

export async function buildFixtureData(): Promise<FixtureData> {
  const store = new MemoryStore();
  // Nothing is confident enough to act alone: the Commander asks for approval.
  const pending = await playScenario(store, 'db-connection-exhaustion', 1, 1.01);
  const acted = await playScenario(store, 'disk-full-database', 1, 0.8);
  return {
    store,
    pendingId: pending.id,
    actedId: acted.id,
    extras: new Map([
      [pending.id, pending.extras],
      [acted.id, acted.extras],
    ]),
  };
}

/** The insights payload, from the same implementation `GET /api/v1/insights` serves. */
export async function insightsFrom(store: MemoryStore): Promise<Insights> {
  return generateIncidentInsights(store);
}
