/**
 * Issue #8's learning test, end to end: simulated incidents go through the real
 * CommanderAgent, which learns from its store (src/learning). This test plays the on-call
 * engineer, with the simulator's ground truth: it approves plans, and corrects a wrong root
 * cause through the Commander's own API. Afterwards the priors and the predicted success
 * rates have moved the right way, and the correction changes how the next occurrence of the
 * same fault is ranked.
 */
import { describe, expect, it } from 'vitest';
import type { CommanderAgent } from '../../src/agents/commander.js';
import type { IncidentReport } from '../../src/core/index.js';
import { simulatedCommander } from '../../src/demo/simulated-commander.js';
import { StoreLearning } from '../../src/learning/store-learning.js';
import { DEFAULT_PRIORS } from '../../src/reasoning/priors.js';
import { generateIncidentInsights } from '../../src/reports/insights.js';
import { createSimWorld, type ScenarioName } from '../../src/sim/index.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/store.js';

async function handle(
  scenario: ScenarioName,
  seed: number,
  store: Store,
  learning?: StoreLearning,
): Promise<{ report: IncidentReport; commander: CommanderAgent }> {
  const world = createSimWorld({ scenario, seed });
  const alert = world.runUntilAlert();
  if (!alert) throw new Error(`${scenario} seed ${seed} raised no alert`);
  const commander = simulatedCommander(world, { store, learning });
  return { report: await commander.handleAlert(alert), commander };
}

describe('learning from resolved incidents', () => {
  it('after N resolved traffic surges, the base rate and the predicted success of scale_up go up', async () => {
    const store = new MemoryStore();
    const learning = new StoreLearning(store);
    const before = await learning.lessons();
    const rate = (l: typeof before) => l.successModel.predict('scale_up', 'traffic_surge', 'cpu_saturation');

    for (const seed of [1, 2, 3, 4, 5]) {
      const { report, commander } = await handle('traffic-surge-cpu-saturation', seed, store, learning);
      // Playing the on-call engineer: afr's plan is right (the simulator's truth), approve it.
      if (report.state === 'awaiting_approval') {
        const decision = await commander.approve(report.incident_id, 'oncall');
        expect(decision.incident.state, `seed ${seed}`).toBe('resolved');
      } else {
        expect(report.state, `seed ${seed}`).toBe('resolved');
      }
    }

    const after = await learning.lessons();
    expect(after.counts.confirmed).toBe(5);
    expect(after.counts.causes).toEqual({ traffic_surge: 5 });
    expect(after.priors.cause.traffic_surge).toBeGreaterThan(before.priors.cause.traffic_surge);
    expect(after.priors.cause.deployment_regression).toBeLessThan(before.priors.cause.deployment_regression);
    expect(rate(after)).toBeGreaterThan(rate(before));
    expect(after.counts.calibration.filter((p) => p.correct)).toHaveLength(5);

    // The next surge is planned with the learned rate; without history, with the prior.
    const next = await handle('traffic-surge-cpu-saturation', 6, store, learning);
    const alone = await handle('traffic-surge-cpu-saturation', 6, new MemoryStore());
    expect(next.report.remediation_plan?.strategy).toBe('scale_up');
    expect(alone.report.remediation_plan?.strategy).toBe('scale_up');
    expect(next.report.remediation_plan?.predicted_success_rate).toBeGreaterThan(
      alone.report.remediation_plan?.predicted_success_rate ?? 1,
    );

    // Insights read the same history.
    const insights = await generateIncidentInsights(store, await learning.lessons());
    expect(insights.common_root_causes[0]?.[0]).toBe('traffic_surge');
    expect(insights.effective_strategies[0]).toEqual(['scale_up', 1]);
  });

  it("a failed strategy loses predicted success, and a human's correction changes the next similar incident's ranking", async () => {
    const store = new MemoryStore();
    const learning = new StoreLearning(store);
    const prior = (await learning.lessons()).successModel;

    // A memory leak shipped in a deploy: afr blames resource exhaustion and restarts, which
    // does not hold; verification fails and the restart is undone.
    const first = await handle('memory-leak-after-deploy', 10, store, learning);
    expect(first.report.root_cause).toMatchObject({ service: 'api-gateway', cause: 'resource_exhaustion' });
    expect(first.report.remediation_plan?.strategy).toBe('restart');
    expect(first.report.state).toBe('escalated');
    const failed = (await learning.lessons()).successModel;
    expect(failed.predict('restart', 'resource_exhaustion', 'memory_leak')).toBeLessThan(
      prior.predict('restart', 'resource_exhaustion', 'memory_leak'),
    );

    // The on-call engineer names the real cause; afr re-plans for it (a rollback) and runs it.
    const corrected = await first.commander.overrideRootCause(first.report.incident_id, 'alice', {
      service: 'api-gateway',
      cause: 'deployment_regression',
    });
    expect(corrected.actions.map((a) => a.strategy)).toContain('rollback');
    const lessons = await learning.lessons();
    expect(lessons.counts.corrections.root_cause_overrides).toBe(1);
    expect(lessons.counts.causes).toEqual({ deployment_regression: 1 });
    expect(lessons.priors.cause.deployment_regression).toBeGreaterThan(
      DEFAULT_PRIORS.cause.deployment_regression,
    );
    // afr named the right service with the wrong cause, at high confidence.
    expect(lessons.counts.calibration).toEqual([
      {
        incident_id: first.report.incident_id,
        confidence: first.report.root_cause?.confidence,
        correct: true,
        cause_correct: false,
      },
    ]);

    // The same fault again (another seed, same service). Without history afr repeats its
    // mistake; with the correction learned, the deploy regression ranks first and is rolled back.
    const alone = await handle('memory-leak-after-deploy', 30, new MemoryStore());
    expect(alone.report.root_cause).toMatchObject({ service: 'api-gateway', cause: 'resource_exhaustion' });
    const next = await handle('memory-leak-after-deploy', 30, store, learning);
    expect(next.report.root_cause).toMatchObject({ service: 'api-gateway', cause: 'deployment_regression' });
    expect(next.report.remediation_plan?.strategy).toBe('rollback');
    const seen = next.report.hypotheses[0]?.evidence.find((e) => e.summary.startsWith('seen before:'));
    expect(seen?.summary).toContain(`${first.report.incident_id} (`);
    expect(seen?.summary).toContain('deployment regression on api-gateway (named by a human)');
    expect(seen?.supports).toBe(true);
  });
});
