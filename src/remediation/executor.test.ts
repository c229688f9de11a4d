import { describe, expect, it } from 'vitest';
import { ManualClock, MemoryMetricsSource, TelemetryStore } from '../connectors/memory/index.js';
import type {
  ActionPreview,
  ActionReceipt,
  Actuator,
  Outcome,
  PlanStep,
  RemediationPlan,
  Strategy,
} from '../core/index.js';
import { failure, ok } from '../core/index.js';
import { metricAnomaly } from '../reasoning/testing/findings.js';
import { type AuditSink, executePlan } from './executor.js';
import { DEFAULT_POLICY, type PolicyConfig, PolicyGate } from './policy-gate.js';

const START = 1_700_000_000;

/** Records every call; `failApply` makes the apply of that step id fail. */
class FakeActuator implements Actuator {
  readonly id = 'fake';
  readonly calls: string[] = [];
  failApply: string | undefined;
  onApply: ((step: PlanStep) => void) | undefined;

  supports(_strategy: Strategy): boolean {
    return true;
  }

  async describe(target: string): Promise<Outcome<Record<string, unknown>>> {
    return ok({ target }, { connector: this.id, query: target });
  }

  async plan(step: PlanStep): Promise<Outcome<ActionPreview>> {
    this.calls.push(`plan ${step.id}`);
    return ok(
      { summary: `would ${step.strategy} ${step.target}`, diff: '' },
      { connector: this.id, query: step.id },
    );
  }

  async apply(step: PlanStep): Promise<Outcome<ActionReceipt>> {
    this.calls.push(`apply ${step.id}`);
    this.onApply?.(step);
    if (this.failApply === step.id) return failure('quota exceeded', { connector: this.id, query: step.id });
    return ok(
      { detail: `${step.strategy} done`, undo_token: `undo-${step.id}` },
      { connector: this.id, query: step.id },
    );
  }

  async undo(step: PlanStep, receipt: ActionReceipt): Promise<Outcome<ActionReceipt>> {
    this.calls.push(`undo ${step.id} ${String(receipt.undo_token)}`);
    return ok({ detail: `undid ${step.id}`, undo_token: null }, { connector: this.id, query: step.id });
  }
}

class RecordingAudit implements AuditSink {
  readonly entries: { action: string; detail: Record<string, unknown> }[] = [];
  async audit(action: string, detail: Record<string, unknown>): Promise<void> {
    this.entries.push({ action, detail });
  }
  actions(): string[] {
    return this.entries.map((e) => e.action);
  }
}

function step(id: string, strategy: Strategy): PlanStep {
  return {
    id,
    strategy,
    target: 'api',
    description: `${strategy} api`,
    estimated_duration_s: 30,
    params: {},
  };
}

/** A check, two applied steps and a check: enough to see what happens between steps. */
const plan: RemediationPlan = {
  strategy: 'scale_up',
  target: 'api',
  predicted_success_rate: 0.8,
  risk_level: 0.2,
  estimated_duration_s: 120,
  actions: [],
  rollback_plan: ['scale api back'],
  steps: [step('s1', 'none'), step('s2', 'scale_up'), step('s3', 'restart'), step('s4', 'none')],
  verification: { signals: [{ service: 'api', metric: 'error_rate' }], deadline_s: 180 },
  rationale: '',
  alternatives: [],
};

/** error_rate of api for the next hour: `healthy` back at baseline, else still failing. */
function metricsWhere(healthy: boolean): MemoryMetricsSource {
  const store = new TelemetryStore();
  for (let t = START - 600; t <= START + 3600; t += 15)
    store.addSample('api', 'error_rate', t, healthy ? 0.01 : 0.2);
  return new MemoryMetricsSource(store);
}

function setup(options: { policy?: Partial<PolicyConfig>; healthy?: boolean } = {}) {
  const actuator = new FakeActuator();
  const audit = new RecordingAudit();
  const gate = new PolicyGate({ ...DEFAULT_POLICY, dryRun: false, ...options.policy });
  const clock = new ManualClock(START);
  const context = {
    incidentId: 'INC-1',
    plan,
    findings: [metricAnomaly('api', { baseline: 0.01, peak: 0.2 })],
    actuator,
    metrics: metricsWhere(options.healthy ?? true),
    clock,
    policy: gate,
    audit,
    replicasOf: () => 2,
    checkIntervalSeconds: 60,
  };
  return { actuator, audit, gate, clock, context };
}

describe('executePlan', () => {
  it('applies the steps, verifies recovery and resolves', async () => {
    const { actuator, audit, context } = setup();
    const result = await executePlan(context);
    expect(result.outcome).toBe('resolved');
    expect(actuator.calls).toEqual(['plan s2', 'apply s2', 'plan s3', 'apply s3']);
    expect(result.actions.map((a) => [a.step_id, a.status])).toEqual([
      ['s2', 'verified'],
      ['s3', 'verified'],
    ]);
    expect(result.actions[0].undo_token).toBe('undo-s2');
    expect(result.resolvedAt).toBe(START + 60);
    expect(result.verification?.outcome).toBe('recovered');
    expect(audit.actions()).toEqual(['step_applied', 'step_applied', 'verification']);
  });

  it('applies nothing in dry-run mode', async () => {
    const { actuator, audit, context } = setup({ policy: { dryRun: true } });
    const result = await executePlan(context);
    expect(result.outcome).toBe('dry_run');
    expect(actuator.calls.filter((c) => c.startsWith('apply') || c.startsWith('undo'))).toEqual([]);
    expect(actuator.calls).toEqual(['plan s2', 'plan s3']);
    expect(result.actions.every((a) => a.status === 'dry_run')).toBe(true);
    expect(result.actions[0].detail).toBe('dry run: would scale_up api');
    expect(audit.actions()).toEqual(['step_dry_run', 'step_dry_run']);
  });

  it('stops at a denied step and audits the reason', async () => {
    const { actuator, audit, context } = setup({ policy: { allowedStrategies: ['restart'] } });
    const result = await executePlan(context);
    expect(result.outcome).toBe('denied');
    expect(result.reason).toMatch(/scale_up is not allowed/);
    expect(actuator.calls).toEqual([]);
    expect(result.actions).toHaveLength(1);
    expect(result.actions[0]).toMatchObject({ step_id: 's2', status: 'denied' });
    expect(audit.entries[0]).toMatchObject({ action: 'step_denied', detail: { step: 's2' } });
    expect(String(audit.entries[0].detail.reason)).toMatch(/not allowed/);
  });

  it('undoes earlier applied steps when a later apply fails', async () => {
    const { actuator, audit, context } = setup();
    actuator.failApply = 's3';
    const result = await executePlan(context);
    expect(result.outcome).toBe('failed');
    expect(result.reason).toBe('quota exceeded');
    expect(actuator.calls).toEqual(['plan s2', 'apply s2', 'plan s3', 'apply s3', 'undo s2 undo-s2']);
    expect(result.actions.map((a) => a.status)).toEqual(['undone', 'failed']);
    expect(audit.actions()).toEqual(['step_applied', 'step_failed', 'step_undone']);
  });

  it('undoes everything, last step first, when verification fails', async () => {
    const { actuator, audit, context, clock } = setup({ healthy: false });
    const result = await executePlan(context);
    expect(result.outcome).toBe('undone');
    expect(result.verification?.outcome).toBe('not_recovered');
    expect(actuator.calls.slice(-2)).toEqual(['undo s3 undo-s3', 'undo s2 undo-s2']);
    expect(result.actions.map((a) => a.status)).toEqual(['undone', 'undone']);
    expect(audit.actions()).toContain('verification');
    // It watched until the deadline on the incident's clock.
    expect(clock.now()).toBe(START + 180);
  });

  it('calls a recovery that does not hold a regression, and undoes', async () => {
    const { actuator, context } = setup();
    const store = new TelemetryStore();
    for (let t = START - 600; t <= START + 3600; t += 15) {
      store.addSample('api', 'error_rate', t, t <= START + 60 ? 0.01 : 0.2);
    }
    const result = await executePlan({ ...context, metrics: new MemoryMetricsSource(store) });
    expect(result.verification?.outcome).toBe('regressed');
    expect(result.outcome).toBe('undone');
    expect(result.resolvedAt).toBeNull();
    expect(actuator.calls).toContain('undo s2 undo-s2');
  });

  it('stops and undoes when the kill switch is flipped mid-plan', async () => {
    const { actuator, gate, context } = setup();
    actuator.onApply = (s) => {
      if (s.id === 's2') gate.config.killSwitch = true;
    };
    const result = await executePlan(context);
    expect(result.outcome).toBe('denied');
    expect(result.reason).toBe('kill switch is on');
    expect(actuator.calls).not.toContain('apply s3');
    expect(actuator.calls).toContain('undo s2 undo-s2');
    expect(result.actions.map((a) => [a.step_id, a.status])).toEqual([
      ['s2', 'undone'],
      ['s3', 'denied'],
    ]);
  });

  it('releases the per-service lock afterwards, whatever the outcome', async () => {
    for (const options of [{}, { healthy: false }, { policy: { killSwitch: true } }]) {
      const { gate, context } = setup(options);
      await executePlan(context);
      expect(gate.lock('api', 'INC-2')).toBe(true);
    }
  });

  it('refuses to touch a service another incident is remediating', async () => {
    const { actuator, audit, gate, context } = setup();
    gate.lock('api', 'INC-0');
    const result = await executePlan(context);
    expect(result.outcome).toBe('denied');
    expect(result.reason).toMatch(/locked/);
    expect(actuator.calls).toEqual([]);
    expect(audit.actions()).toEqual(['step_denied']);
    // The other incident keeps its lock.
    expect(gate.lock('api', 'INC-2')).toBe(false);
  });

  it('reports every action change through onAction', async () => {
    const { context } = setup();
    const seen: string[] = [];
    await executePlan({ ...context, onAction: async (a) => void seen.push(`${a.step_id}:${a.status}`) });
    expect(seen).toEqual(['s2:applied', 's3:applied', 's2:verified', 's3:verified']);
  });

  it('does nothing for a "none" plan or without an actuator', async () => {
    const { context } = setup();
    const none = await executePlan({ ...context, plan: { ...plan, strategy: 'none', target: null } });
    expect(none).toMatchObject({ outcome: 'denied', reason: 'plan has no action' });
    const bare = await executePlan({ ...context, actuator: undefined });
    expect(bare).toMatchObject({ outcome: 'denied', reason: 'no actuator configured' });
  });
});
