/**
 * What the executor tests share: an actuator that records its calls, an audit sink that
 * records entries, metrics a test scripts over time, and a two-step plan and a chained one
 * (config_revert on api, then scale_up on db) on a manual clock.
 */
import { ManualClock } from '../../connectors/memory/index.js';
import type {
  ActionPreview,
  ActionReceipt,
  MetricQuery,
  MetricsSource,
  Outcome,
  PlanLink,
  PlanStep,
  QueryContext,
  RemediationPlan,
  Series,
  Strategy,
} from '../../core/index.js';
import { failure, ok } from '../../core/index.js';
import { metricAnomaly } from '../../reasoning/testing/findings.js';
import type { ProgressiveActuator } from '../actuator-call.js';
import type { AuditSink, ExecutionContext } from '../executor.js';
import { DEFAULT_POLICY, type PolicyConfig, PolicyGate } from '../policy-gate.js';
import { InMemoryServiceLock } from '../service-lock.js';

export const START = 1_700_000_000;

/** Records every call; hooks let a test change the world when a step is applied. */
export class FakeActuator implements ProgressiveActuator {
  readonly id = 'fake';
  readonly calls: string[] = [];
  failApply: string | undefined;
  failUndo: string | undefined;
  hangApply: string | undefined;
  progressive = false;
  onApply: ((step: PlanStep) => void) | undefined;

  supports(_strategy: Strategy): boolean {
    return true;
  }

  supportsProgressive(_step: PlanStep): boolean {
    return this.progressive;
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
    this.calls.push(`apply ${step.id}${step.params.canary ? ` canary=${step.params.canary}` : ''}`);
    if (this.hangApply === step.id) return new Promise(() => undefined);
    this.onApply?.(step);
    if (this.failApply === step.id) return failure('quota exceeded', { connector: this.id, query: step.id });
    return ok(
      { detail: `${step.strategy} done`, undo_token: `undo-${step.id}` },
      { connector: this.id, query: step.id },
    );
  }

  async undo(step: PlanStep, receipt: ActionReceipt): Promise<Outcome<ActionReceipt>> {
    this.calls.push(`undo ${step.id} ${String(receipt.undo_token)}`);
    if (this.failUndo === step.id)
      return failure('api server unavailable', { connector: this.id, query: step.id });
    return ok({ detail: `undid ${step.id}`, undo_token: null }, { connector: this.id, query: step.id });
  }
}

export class RecordingAudit implements AuditSink {
  readonly entries: { action: string; detail: Record<string, unknown> }[] = [];
  async audit(action: string, detail: Record<string, unknown>): Promise<void> {
    this.entries.push({ action, detail });
  }
  actions(): string[] {
    return this.entries.map((e) => e.action);
  }
}

/** api error_rate as a function of time, sampled every 15 s: the world a test scripts. */
export class ScriptedMetrics implements MetricsSource {
  readonly id = 'scripted';
  constructor(public valueAt: (t: number) => number | null) {}
  async metricNames(): Promise<Outcome<string[]>> {
    return ok(['error_rate'], { connector: this.id, query: '' });
  }
  async range(query: MetricQuery, _ctx: QueryContext): Promise<Outcome<Series[]>> {
    const points: [number, number][] = [];
    const first = START + Math.ceil((query.range.start - START) / 15) * 15;
    for (let t = first; t <= query.range.end; t += 15) {
      const v = this.valueAt(t);
      if (v !== null) points.push([t, v]);
    }
    return ok([{ service: 'api', metric: query.metric, points }], {
      connector: this.id,
      query: query.metric,
    });
  }
}

export const HEALTHY = 0.01;
export const FAILING = 0.2;

export function step(id: string, strategy: Strategy, extra: Partial<PlanStep> = {}): PlanStep {
  return {
    id,
    strategy,
    target: 'api',
    description: `${strategy} api`,
    estimated_duration_s: 30,
    params: {},
    ...extra,
  };
}

/** A check, two applied steps and a check (an older plan: no kinds, no chain). */
export const plan: RemediationPlan = {
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

export const VERIFY = { signals: [{ service: 'api', metric: 'error_rate' }], deadline_s: 180 };

/** config_revert on api, then (if not recovered) scale_up on db. */
export function chainedPlan(when: PlanLink['when'] = 'if_not_recovered'): RemediationPlan {
  const link = (strategy: Strategy, target: string, w: PlanLink['when']): PlanLink => ({
    strategy,
    target,
    when: w,
    predicted_success_rate: 0.8,
    risk_level: 0.2,
    estimated_duration_s: 60,
    verification: VERIFY,
    reason: '',
  });
  return {
    ...plan,
    strategy: 'config_revert',
    steps: [
      step('c1', 'config_revert', { kind: 'check', chain_index: 0, params: { check_only: true } }),
      step('c2', 'config_revert', { kind: 'apply', chain_index: 0 }),
      step('c3', 'scale_up', { kind: 'apply', chain_index: 1, target: 'db' }),
    ],
    chain: [link('config_revert', 'api', 'always'), link('scale_up', 'db', when)],
  };
}

export function setup(
  options: { policy?: Partial<PolicyConfig>; healthy?: boolean; plan?: RemediationPlan } = {},
) {
  const actuator = new FakeActuator();
  const audit = new RecordingAudit();
  const lock = new InMemoryServiceLock();
  const gate = new PolicyGate({ ...DEFAULT_POLICY, dryRun: false, ...options.policy }, { lock });
  const clock = new ManualClock(START);
  const healthy = options.healthy ?? true;
  const metrics = new ScriptedMetrics((t) => (t < START || !healthy ? FAILING : HEALTHY));
  const context: ExecutionContext = {
    incidentId: 'INC-1',
    plan: options.plan ?? plan,
    findings: [metricAnomaly('api', { baseline: HEALTHY, peak: FAILING })],
    actuator,
    metrics,
    clock,
    policy: gate,
    audit,
    replicasOf: () => 2,
    checkIntervalSeconds: 60,
  };
  return { actuator, audit, gate, lock, clock, metrics, context };
}
