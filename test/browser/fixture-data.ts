/**
 * API responses for the browser test, built from real incidents: the simulator plays two
 * scenarios and the real Commander handles their alerts into a MemoryStore (one incident
 * waits for approval, one was remediated autonomously). The detail payload adds what the
 * API contract carries besides the store: the world's topology, the evidence series and
 * the changes of the investigation window.
 */
import { simulatedCommander } from '../../src/demo/simulated-commander.js';
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

/** The insights payload, summarised from the store's incidents and their reports. */
export async function insightsFrom(store: MemoryStore): Promise<Insights> {
  const incidents = await store.listIncidents();
  const decisions: Record<string, number> = {};
  const causes = new Map<string, number>();
  const strategies = new Map<string, { attempts: number; successes: number }>();
  const mttr: Insights['mttr'] = [];
  const bins = Array.from({ length: 10 }, (_, i) => ({ low: i / 10, sum: 0, ok: 0, count: 0 }));
  for (const incident of incidents) {
    const report = await store.getReport(incident.id);
    if (!report) continue;
    decisions[report.decision] = (decisions[report.decision] ?? 0) + 1;
    if (report.root_cause)
      causes.set(report.root_cause.cause, (causes.get(report.root_cause.cause) ?? 0) + 1);
    if (report.mttr_s !== null) mttr.push({ t: incident.created_at, mttr_s: report.mttr_s });
    const resolved = report.state === 'resolved';
    for (const action of report.actions) {
      const s = strategies.get(action.strategy) ?? { attempts: 0, successes: 0 };
      s.attempts += 1;
      if (resolved) s.successes += 1;
      strategies.set(action.strategy, s);
    }
    const confidence = report.root_cause?.confidence;
    if (confidence !== undefined && report.actions.length > 0) {
      const bin = bins[Math.min(9, Math.floor(confidence * 10))];
      bin.sum += confidence;
      bin.count += 1;
      if (resolved) bin.ok += 1;
    }
  }
  const sortedMttr = mttr.map((m) => m.mttr_s).sort((a, b) => a - b);
  return {
    mttr,
    decisions,
    root_causes: [...causes].map(([cause, count]) => ({ cause, count })),
    strategies: [...strategies].map(([strategy, s]) => ({ strategy, ...s })),
    calibration: bins
      .filter((b) => b.count > 0)
      .map((b) => ({
        bin_low: b.low,
        bin_high: b.low + 0.1,
        predicted: b.sum / b.count,
        observed: b.ok / b.count,
        count: b.count,
      })),
    median_mttr_s: sortedMttr.length ? sortedMttr[Math.floor(sortedMttr.length / 2)] : null,
  };
}
