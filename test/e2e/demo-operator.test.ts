/**
 * `afr demo`'s operator: a plan that waits for a human is approved by the demo operator
 * through CommanderAgent.approve, audited as a human approval, and carried out, so the demo
 * shows its executed steps, verification and MTTR. The scenario is made to wait with an act
 * threshold of 1 (nothing is autonomous), as a cautious policy would.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_OPERATOR } from '../../src/demo/demo-operator.js';
import { runScenario } from '../../src/demo/run-demo.js';
import { MemoryStore } from '../../src/store/memory-store.js';

describe('afr demo: the demo operator approves what waits for a human', () => {
  it('traffic-surge-cpu-saturation: approved by demo-operator, executed, verified, with an MTTR', async () => {
    const store = new MemoryStore();
    const incident = await runScenario(
      'traffic-surge-cpu-saturation',
      1,
      { store, confidenceThreshold: 1 },
      { operator: DEMO_OPERATOR },
    );
    expect(incident).not.toBeNull();
    const { report, proposal, execution } = incident!;
    expect(proposal.decision).toBe('approve');
    const audit = await store.listAudit({ incident_id: report.incident_id });
    const approval = audit.find((e) => e.action === 'approved');
    expect(approval).toMatchObject({
      actor: 'demo-operator',
      detail: { strategy: proposal.strategy, target: proposal.target },
    });
    // The operator answered after its response time on the simulated clock.
    expect(approval!.at - report.alert.timestamp).toBeGreaterThanOrEqual(DEMO_OPERATOR.responseSeconds);
    const applied = audit.filter((e) => e.action === 'step_applied');
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.every((e) => e.actor === 'demo-operator' && e.seq > approval!.seq)).toBe(true);
    expect(audit.some((e) => e.action === 'verification' && e.detail.outcome === 'recovered')).toBe(true);
    expect(report.state).toBe('resolved');
    expect(report.actions.map((a) => a.status)).toContain('verified');
    expect(report.mttr_s).toBeGreaterThan(DEMO_OPERATOR.responseSeconds);
    expect(execution.attempts).toEqual([
      expect.objectContaining({ how: 'approved', decided_by: 'demo-operator', ended_as: 'resolved' }),
    ]);
  }, 60_000);

  it('without an operator the plan stays waiting and nothing is executed', async () => {
    const store = new MemoryStore();
    const incident = await runScenario('traffic-surge-cpu-saturation', 1, { store, confidenceThreshold: 1 });
    expect(incident!.report.state).toBe('awaiting_approval');
    expect(incident!.execution.attempts).toEqual([]);
    const audit = await store.listAudit({ incident_id: incident!.report.incident_id });
    expect(audit.filter((e) => e.action === 'step_applied')).toEqual([]);
  }, 60_000);
});
