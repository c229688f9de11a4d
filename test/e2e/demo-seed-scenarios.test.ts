import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/demo/run-demo.js';

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

  it('false-alarm: takes no autonomous action', async () => {
    const result = await runScenario('false-alarm', 1);
    expect(result!.report.decision).not.toBe('act');
    expect(result!.report.actions.filter((a) => a.status === 'applied')).toEqual([]);
  });
});
