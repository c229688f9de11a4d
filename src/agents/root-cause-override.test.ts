/**
 * `override --root-cause SERVICE[:cause]`: the human names the root cause, afr re-plans for
 * it and proceeds as after an approval; the correction is audited for learning.
 */
import { describe, expect, it } from 'vitest';
import type { Hypothesis } from '../core/index.js';
import { DecisionConflictError, DecisionInputError } from './human-decisions.js';
import { correctedHypothesis, parseRootCause } from './root-cause-choice.js';
import { awaitingApproval } from './testing/awaiting-approval.js';

describe('parseRootCause', () => {
  it('reads SERVICE, SERVICE:cause and SERVICE:cause:mechanism', () => {
    expect(parseRootCause('checkout-db')).toEqual({ service: 'checkout-db' });
    expect(parseRootCause(' api:config_change ')).toEqual({ service: 'api', cause: 'config_change' });
    expect(parseRootCause('api:resource_exhaustion:memory_leak')).toEqual({
      service: 'api',
      cause: 'resource_exhaustion',
      mechanism: 'memory_leak',
    });
  });

  it('names the wrong part', () => {
    expect(() => parseRootCause('')).toThrow(/^service: expected a service name/);
    expect(() => parseRootCause('api:gremlins')).toThrow(
      /^cause: expected one of deployment_regression, .*got "gremlins"/,
    );
    expect(() => parseRootCause('api:config_change:Big Leak')).toThrow(
      /^mechanism: expected a snake_case word/,
    );
    expect(() => parseRootCause('a:b:c:d')).toThrow(/expected SERVICE\[:cause\[:mechanism\]\]/);
  });
});

describe('correctedHypothesis', () => {
  const evidence: Hypothesis['evidence'] = [
    { agent: 'metrics', supports: true, weight: 1, summary: 'pool at 100%' },
  ];
  const hypotheses: Hypothesis[] = [
    {
      rank: 1,
      service: 'api',
      cause: 'deployment_regression',
      mechanism: 'error_spike',
      probability: 0.6,
      confidence: 0.6,
      evidence: [],
    },
    {
      rank: 2,
      service: 'db',
      cause: 'resource_exhaustion',
      mechanism: 'connection_pool_exhaustion',
      probability: 0.3,
      confidence: 0.3,
      evidence,
    },
  ];

  it("fills what the human left out from afr's hypotheses about that service, then from its conclusion", () => {
    const db = correctedHypothesis({ service: 'db' }, hypotheses, hypotheses[0], 'erin');
    expect(db).toMatchObject({
      service: 'db',
      cause: 'resource_exhaustion',
      mechanism: 'connection_pool_exhaustion',
      confidence: 1,
    });
    expect(db.evidence).toBe(evidence);
    expect(db.statement).toMatch(/named by erin$/);
    const other = correctedHypothesis({ service: 'cache' }, hypotheses, hypotheses[0], 'erin');
    expect(other).toMatchObject({
      service: 'cache',
      cause: 'deployment_regression',
      mechanism: 'error_spike',
    });
    const named = correctedHypothesis({ service: 'db', cause: 'config_change' }, hypotheses, null, 'erin');
    expect(named).toMatchObject({ cause: 'config_change', mechanism: 'connection_pool_exhaustion' });
  });
});

describe('overrideRootCause', () => {
  it('re-plans for the named root cause, audits the correction, and carries out the new plan', async () => {
    const { commander, store, report, world } = await awaitingApproval('bad-deploy-error-spike');
    const id = report.incident_id;
    const service = world.truth.service ?? '';
    expect(report.root_cause).not.toBeNull();
    const result = await commander.overrideRootCause(id, 'dave', {
      service,
      cause: 'deployment_regression',
      comment: 'the deploy did it',
    });
    const audit = await store.listAudit({ incident_id: id });
    const correction = audit.find((e) => e.action === 'human_override_root_cause');
    expect(correction?.actor).toBe('dave');
    expect(correction?.detail).toMatchObject({
      service,
      cause: 'deployment_regression',
      previous_service: report.root_cause?.service ?? null,
      previous_cause: report.root_cause?.cause ?? null,
      strategy: 'rollback',
      target: service,
      comment: 'the deploy did it',
    });
    const plan = await store.getPlan(id);
    expect(plan?.strategy).toBe('rollback');
    expect(plan?.rationale).toMatch(/^root cause named by dave: deployment regression on /);
    expect(plan?.steps.every((s) => s.id.startsWith(`${id}-rc1-`))).toBe(true);
    // Like an approval: policy gate, execution, verification.
    expect(result.outcome).toBe('resolved');
    expect(result.incident.state).toBe('resolved');
    expect(world.isHealthy()).toBe(true);
    expect(audit.some((e) => e.action === 'verification' && e.actor === 'dave')).toBe(true);
    expect((await store.getReport(id))?.remediation_plan?.strategy).toBe('rollback');
  });

  it('escalates without acting when no strategy treats the named cause', async () => {
    const { commander, store, report, world } = await awaitingApproval('bad-deploy-error-spike');
    const result = await commander.overrideRootCause(report.incident_id, 'dave', {
      service: world.truth.service ?? '',
      cause: 'unknown',
    });
    expect(result).toMatchObject({ outcome: 'no_action', actions: [] });
    expect(result.incident.state).toBe('escalated');
    expect((await store.getPlan(report.incident_id))?.strategy).toBe('none');
    const history = await store.getStateHistory(report.incident_id);
    expect(history.at(-1)?.reason).toMatch(/^root cause corrected by dave to unknown on /);
  });

  it('refuses malformed input by field, and incidents not waiting for a human', async () => {
    const { commander, report } = await awaitingApproval('bad-deploy-error-spike');
    await expect(
      commander.overrideRootCause(report.incident_id, 'dave', { service: 'api', cause: 'gremlins' as never }),
    ).rejects.toThrow(DecisionInputError);
    await expect(
      commander.overrideRootCause(report.incident_id, 'dave', { service: 'bad name!' }),
    ).rejects.toThrow(/^root cause service: /);
    await commander.approve(report.incident_id, 'alice');
    await expect(
      commander.overrideRootCause(report.incident_id, 'dave', { service: 'api' }),
    ).rejects.toBeInstanceOf(DecisionConflictError);
  });
});
