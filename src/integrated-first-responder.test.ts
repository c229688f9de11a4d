import { describe, expect, it } from 'vitest';
import { parseConfig } from './config/index.js';
import { simulatedCommanderOptions } from './demo/simulated-commander.js';
import { IntegratedFirstResponder } from './integrated-first-responder.js';
import { createSimWorld } from './sim/world.js';
import { MemoryStore } from './store/memory-store.js';

describe('IntegratedFirstResponder', () => {
  it('investigates without acting, then executes one remediation through the gate, verified', async () => {
    const world = createSimWorld({ scenario: 'bad-deploy-error-spike', seed: 1 });
    const alert = world.runUntilAlert();
    const store = new MemoryStore();
    const sim = simulatedCommanderOptions(world);
    const responder = new IntegratedFirstResponder(
      parseConfig('commander: { auto_remediate: true }', {}),
      store,
      { ports: sim.ports, actuator: world.actuator, clock: world.clock },
    );
    const report = await responder.investigateWithRealData(alert);
    expect(report.root_cause?.service).toBe(world.truth.service);
    expect(report.remediation_plan?.strategy).toBe('rollback');
    expect(report.actions).toEqual([]);
    expect(world.isHealthy()).toBe(false);

    const result = await responder.executeRemediation('rollback', world.truth.service ?? '', { report });
    expect(result.outcome, result.reason).toBe('resolved');
    expect(result.success).toBe(true);
    expect(world.isHealthy()).toBe(true);
    const audit = await store.listAudit();
    expect(audit.some((e) => e.actor === 'library')).toBe(true);
  });

  it('stays a dry run when the config does not allow real changes', async () => {
    const world = createSimWorld({ scenario: 'bad-deploy-error-spike', seed: 3 });
    world.runUntilAlert();
    const sim = simulatedCommanderOptions(world);
    const responder = new IntegratedFirstResponder(parseConfig('', {}), new MemoryStore(), {
      ports: sim.ports,
      actuator: world.actuator,
      clock: world.clock,
    });
    const result = await responder.executeRemediation('rollback', world.truth.service ?? '');
    expect(result.outcome).toBe('dry_run');
    expect(world.isHealthy()).toBe(false);
  });
});
