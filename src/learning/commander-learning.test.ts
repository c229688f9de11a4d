/**
 * The Commander with a learning model: with an empty history it reasons and plans exactly
 * as without one (the documented defaults), and a history it cannot read is audited, never
 * a crash.
 */
import { describe, expect, it } from 'vitest';
import type { IncidentReport } from '../core/index.js';
import { simulatedCommander } from '../demo/simulated-commander.js';
import { createSimWorld } from '../sim/index.js';
import { MemoryStore } from '../store/memory-store.js';
import { StoreLearning } from './store-learning.js';

async function handle(
  store: MemoryStore,
  learning?: Pick<StoreLearning, 'lessons'>,
): Promise<IncidentReport> {
  const world = createSimWorld({ scenario: 'db-connection-exhaustion', seed: 2 });
  const alert = world.runUntilAlert();
  if (!alert) throw new Error('no alert');
  return simulatedCommander(world, { store, learning, planOnly: true }).handleAlert(alert);
}

/** What the reasoning and the planner concluded, without timings. */
function conclusion(r: IncidentReport) {
  return {
    decision: r.decision,
    root_cause: r.root_cause,
    hypotheses: r.hypotheses,
    plan: r.remediation_plan,
  };
}

describe('CommanderAgent with learning', () => {
  it('an empty history changes nothing', async () => {
    const without = await handle(new MemoryStore());
    const store = new MemoryStore();
    const withEmpty = await handle(store, new StoreLearning(store));
    expect(conclusion(withEmpty)).toEqual(conclusion(without));
  });

  it('a history that cannot be read is audited and the incident handled with the defaults', async () => {
    const store = new MemoryStore();
    const broken = { lessons: () => Promise.reject(new Error('database unreachable')) };
    const report = await handle(store, broken);
    expect(conclusion(report)).toEqual(conclusion(await handle(new MemoryStore())));
    const audit = await store.listAudit({ incident_id: report.incident_id });
    expect(audit.find((e) => e.action === 'learning_unavailable')?.detail).toEqual({
      error: 'database unreachable',
    });
  });
});
