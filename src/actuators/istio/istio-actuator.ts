/**
 * The Istio actuator: `circuit_breaker` (DestinationRule outlier detection and
 * connection-pool limits), `shed_load` (VirtualService fault abort of a share of requests)
 * and `failover` (VirtualService weights shifted to a healthy subset), through the
 * Kubernetes custom-objects API. `plan()` sends the exact create or merge patch with a
 * server-side dry run (`dryRun=All`: validation and admission webhooks — Istio's own
 * validation included — run, nothing is persisted). `apply()` persists it only when the
 * `dry_run` option is false (default true). `undo()` patches the touched fields back, or
 * deletes the object afr created (only when it still carries afr's label).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Outcome } from '../../core/outcome.js';
import type { ActionPreview, ActionReceipt, Actuator, QueryContext } from '../../core/ports.js';
import type { PlanStep } from '../../core/remediation-plan.js';
import type { Strategy } from '../../core/vocabulary.js';
import { type JsonObject, mergePatchBetween } from '../kubernetes/json-diff.js';
import { KubeApiError, loadActuatorKubeConfig, runKubeActuation } from '../kubernetes/kube-call.js';
import type { CallScope } from '../kubernetes/kube-resources.js';
import { get, pick } from '../kubernetes/object-fields.js';
import { withPrecondition } from '../kubernetes/prepared-change.js';
import { ActuationRefused, alreadyInPlace } from '../shared/actuation-refused.js';
import { issuedUndoToken } from '../shared/issued-undo-token.js';
import { prepareCircuitBreaker } from './circuit-breaker-change.js';
import { describeMesh } from './describe-mesh.js';
import { prepareFailover } from './failover-change.js';
import type { IstioActuatorOptions } from './istio-actuator-options.js';
import { IstioResources } from './istio-resources.js';
import { type IstioUndoToken, IstioUndoTokenSchema, istioUndoTokenOf } from './istio-undo-token.js';
import { MANAGED_BY, type MeshChange, meshDiff } from './mesh-change.js';
import { findMeshObject, meshTarget } from './mesh-target.js';
import { prepareShedLoad, shedPercent } from './shed-load-change.js';

const SUPPORTED: readonly Strategy[] = ['circuit_breaker', 'shed_load', 'failover'];

export interface IstioActuatorDeps {
  /** A ready KubeConfig (tests point one at a loopback server); else loaded from the options. */
  kubeConfig?: KubeConfig;
}

export class IstioActuator implements Actuator {
  readonly id = 'istio';
  private readonly resources: IstioResources;

  constructor(
    private readonly options: IstioActuatorOptions,
    deps: IstioActuatorDeps = {},
  ) {
    const config = deps.kubeConfig ?? loadActuatorKubeConfig(options);
    this.resources = new IstioResources(config, options.field_manager, options.api_version);
  }

  supports(strategy: Strategy): boolean {
    return SUPPORTED.includes(strategy);
  }

  describe(target: string, ctx: QueryContext): Promise<Outcome<Record<string, unknown>>> {
    return this.run(`describe ${target}`, ctx, async (scope) => {
      const mesh = meshTarget(this.options, target);
      const domain = this.options.cluster_domain;
      const rule = await findMeshObject(this.resources, 'DestinationRule', mesh, domain, scope);
      const service = await findMeshObject(this.resources, 'VirtualService', mesh, domain, scope);
      return describeMesh(mesh, rule, service, domain);
    });
  }

  plan(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionPreview>> {
    return this.run(`plan ${step.strategy} ${step.target}`, ctx, async (scope) => {
      const change = await this.prepare(step, scope).catch(alreadyInPlace);
      if (typeof change === 'string') return { summary: change, diff: '' };
      const answer = await this.send(change, true, scope);
      return {
        summary: `dry run (server-side, dryRun=All; nothing persisted): would ${change.summary}`,
        diff: previewDiff(change, answer),
      };
    });
  }

  apply(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionReceipt>> {
    return this.run(`apply ${step.strategy} ${step.target}`, ctx, async (scope) => {
      const change = await this.prepare(step, scope).catch(alreadyInPlace);
      if (typeof change === 'string') return { detail: change, undo_token: null };
      const dryRun = this.options.dry_run;
      const answer = await this.send(change, dryRun, scope);
      const head = dryRun
        ? `DRY RUN (dry_run: true): the API server accepted but did not persist: ${change.summary}. Set dry_run: false to act.`
        : `${change.summary}.`;
      return {
        detail: [head, previewDiff(change, answer)].filter(Boolean).join('\n'),
        undo_token: istioUndoTokenOf(change, dryRun),
      };
    });
  }

  undo(step: PlanStep, receipt: ActionReceipt, ctx: QueryContext): Promise<Outcome<ActionReceipt>> {
    return this.run(`undo ${step.strategy} ${step.target}`, ctx, async (scope) => {
      return this.undoWith(issuedUndoToken(IstioUndoTokenSchema, receipt, 'Istio'), scope);
    });
  }

  private async undoWith(token: IstioUndoToken, scope: CallScope): Promise<ActionReceipt> {
    const ref = token.object;
    const label = `${ref.kind} ${ref.namespace}/${ref.name}`;
    if (token.dry_run) {
      return {
        detail: `the ${token.strategy} on ${label} was a dry run; nothing was changed, nothing to undo`,
        undo_token: null,
      };
    }
    const dryRun = this.options.dry_run;
    const prefix = dryRun ? 'DRY RUN (dry_run: true): the API server accepted but did not persist: ' : '';
    let current: JsonObject;
    try {
      current = await this.resources.read(ref, scope);
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404 && token.action === 'created') {
        return { detail: `${label} is already gone; nothing to undo`, undo_token: null };
      }
      throw error;
    }
    if (token.action === 'created') {
      if (get(current, ['metadata', 'labels', MANAGED_BY]) !== 'afr') {
        throw new ActuationRefused(`${label} no longer carries ${MANAGED_BY}=afr; afr will not delete it`);
      }
      await this.resources.delete(ref, dryRun, scope);
      return { detail: `${prefix}deleted ${label}, which afr had created`, undo_token: null };
    }
    const patch = mergePatchBetween(pick(current, token.fields), token.restore as JsonObject);
    if (Object.keys(patch).length === 0) {
      return { detail: `${label} already has its earlier values; nothing to undo`, undo_token: null };
    }
    const answer = await this.resources.patch(ref, withPrecondition(patch, current), dryRun, scope);
    const diff = meshDiff(pick(current, token.fields), pick(answer, token.fields));
    const done = `${prefix}restored ${token.fields.map((f) => f.join('.')).join(', ')} of ${label}`;
    return { detail: [done, ...diff].join('\n'), undo_token: null };
  }

  private async prepare(step: PlanStep, scope: CallScope): Promise<MeshChange> {
    if (!this.supports(step.strategy)) {
      throw new ActuationRefused(
        `strategy ${step.strategy} is not a mesh action; the Istio actuator supports ${SUPPORTED.join(', ')}`,
      );
    }
    const target = meshTarget(this.options, step.target);
    const params = step.params ?? {};
    const domain = this.options.cluster_domain;
    switch (step.strategy) {
      case 'circuit_breaker':
        return prepareCircuitBreaker(this.resources, target, this.options.circuit_breaker, domain, scope);
      case 'shed_load': {
        const percent = shedPercent(params, this.options.shed_percent);
        const shed = { percent, httpStatus: this.options.shed_http_status };
        return prepareShedLoad(this.resources, target, shed, domain, scope);
      }
      default:
        return prepareFailover(this.resources, target, params, domain, scope);
    }
  }

  private send(change: MeshChange, dryRun: boolean, scope: CallScope): Promise<JsonObject> {
    return change.action === 'create'
      ? this.resources.create(change.ref, change.body, dryRun, scope)
      : this.resources.patch(change.ref, change.body, dryRun, scope);
  }

  /** One deadline for the whole call; refusals and API failures become error outcomes. */
  private run<T>(
    query: string,
    ctx: QueryContext,
    work: (scope: CallScope) => Promise<T>,
  ): Promise<Outcome<T>> {
    return runKubeActuation({ connector: this.id, query }, ctx.signal, this.options.timeout_ms, work);
  }
}

/** The changed fields, before → after as the API server answered, and the caveats. */
function previewDiff(change: MeshChange, answer: JsonObject): string {
  const lines = meshDiff(change.before, pick(answer, change.fields));
  return [...lines, ...change.notes.map((note) => `note: ${note}`)].join('\n');
}
