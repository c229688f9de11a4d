import { describe, expect, it } from 'vitest';
import { runDemo, runScenario } from '../../src/demo/run-demo.js';

// What `afr demo` shows at its default seed: the seed's three use cases are diagnosed and
// fixed, and the false alarm is left alone.
describe('afr demo, default seed', () => {
  it.each([
    ['db-connection-exhaustion', 'config_change', 'config_revert'],
    ['memory-leak-after-deploy', 'deployment_regression', 'rollback'],
  ] as const)(
    '%s: right service, cause and strategy; acts and verifies recovery',
    async (scenario, cause, strategy) => {
      const result = await runScenario(scenario, 1);
      expect(result).not.toBeNull();
      const { report, truth } = result!;
      expect(report.root_cause?.service).toBe(truth.service);
      expect(report.root_cause?.cause).toBe(cause);
      expect(report.remediation_plan?.strategy).toBe(strategy);
      expect(report.decision).toBe('act');
      expect(report.verification?.outcome).toBe('recovered');
      expect(report.state).toBe('resolved');
      expect(report.mttr_s).toBeGreaterThan(0);
      expect(report.phases.map((p) => p.phase)).toEqual([
        'detect',
        'plan',
        'investigate',
        'decide',
        'act',
        'report',
      ]);
    },
  );

  it('cascading-upstream-failure: names the degraded dependency and a circuit breaker', async () => {
    const result = await runScenario('cascading-upstream-failure', 1);
    const { report, truth } = result!;
    expect(report.root_cause?.service).toBe(truth.service);
    expect(report.root_cause?.cause).toBe('dependency_failure');
    expect(report.remediation_plan?.strategy).toBe('circuit_breaker');
  });

  // Issue #6 "Done when": for each fault scenario, the executed plan with its steps and the
  // verification outcome (a plan that waits for a human is approved by the demo operator).
  it('every fault scenario shows its executed plan, steps and verification; the false alarm none', async () => {
    const incidents = await runDemo({ seed: 1, wrongStrategy: false });
    expect(incidents.map((i) => i.scenario)).toHaveLength(8);
    for (const i of incidents) {
      if (i.truth.service === null) {
        expect(i.execution.attempts, i.scenario).toEqual([]);
        continue;
      }
      const [attempt] = i.execution.attempts;
      expect(attempt, `${i.scenario}: nothing executed (${i.report.state})`).toBeDefined();
      expect(attempt.strategy, i.scenario).toBe(i.proposal.strategy);
      expect(
        attempt.steps.some((s) => s.result === 'applied'),
        i.scenario,
      ).toBe(true);
      expect(attempt.verifications.at(-1)?.signals.length, i.scenario).toBeGreaterThan(0);
      expect(attempt.ended_as, i.scenario).toBe(i.report.state);
      expect(i.report.verification?.outcome, i.scenario).toBe(attempt.verifications.at(-1)?.outcome);
    }
  }, 120_000);

  it('false-alarm: takes no autonomous action', async () => {
    const result = await runScenario('false-alarm', 1);
    expect(result!.report.decision).not.toBe('act');
    expect(result!.report.actions.filter((a) => a.status === 'applied')).toEqual([]);
  });
});
