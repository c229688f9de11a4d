/**
 * The Kubernetes Actuator: carries out `rollback`, `scale_up`, `restart` and
 * `config_revert` on the Deployment behind an afr service. `plan()` sends the exact patch
 * with a server-side dry run (`dryRun=All`: admission and validation run, nothing is
 * persisted) and shows the changed fields before → after as the server computed them.
 * `apply()` sends it for real only when the `dry_run` option is false (it defaults to
 * true; the receipt says when nothing was persisted). `undo()` reads the object again and
 * patches the recorded fields back. `failover` is a node failover (cordon, then drain
 * through the Eviction API) when the `node_failover` option enables it.
 * `circuit_breaker` and `shed_load` have no Kubernetes-native form (see the Istio actuator).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Outcome } from '../../core/outcome.js';
import type { ActionPreview, ActionReceipt, Actuator, QueryContext } from '../../core/ports.js';
import type { PlanStep } from '../../core/remediation-plan.js';
import type { Strategy } from '../../core/vocabulary.js';
import { ActuationRefused } from '../shared/actuation-refused.js';
import { issuedUndoToken } from '../shared/issued-undo-token.js';
import { prepareConfigRevert } from './config-revert-change.js';
import { resolveDeployment } from './deployment-resolver.js';
import { describeDeployment } from './describe-deployment.js';
import { fieldDiff, type JsonObject, mergePatchBetween } from './json-diff.js';
import { loadActuatorKubeConfig, runKubeActuation } from './kube-call.js';
import { type CallScope, KubeResources } from './kube-resources.js';
import { type KubeUndoToken, KubeUndoTokenSchema, undoTokenOf } from './kube-undo-token.js';
import type { KubernetesActuatorOptions } from './kubernetes-actuator-options.js';
import { prepareNodeFailover } from './node-failover-change.js';
import { pick } from './object-fields.js';
import { type PreparedChange, withPrecondition } from './prepared-change.js';
import { prepareRestart } from './restart-change.js';
import { prepareRollback } from './rollback-change.js';
import { hpaFor, prepareScaleUp } from './scale-up-change.js';

const SUPPORTED: readonly Strategy[] = ['rollback', 'scale_up', 'restart', 'config_revert'];
const KIND_LABELS = {
  deployment: 'Deployment',
  scale: 'Deployment',
  hpa: 'HorizontalPodAutoscaler',
  configmap: 'ConfigMap',
} as const;

export interface KubernetesActuatorDeps {
  /** A ready KubeConfig (tests point one at a loopback server); else loaded from the options. */
  kubeConfig?: KubeConfig;
  /** The wall clock for `restartedAt` stamps. */
  now?: () => Date;
}

export class KubernetesActuator implements Actuator {
  readonly id = 'kubernetes';
  private readonly resources: KubeResources;
  private readonly now: () => Date;

  constructor(
    private readonly options: KubernetesActuatorOptions,
    deps: KubernetesActuatorDeps = {},
  ) {
    const config = deps.kubeConfig ?? loadActuatorKubeConfig(options);
    this.resources = new KubeResources(config, options.field_manager);
    this.now = deps.now ?? (() => new Date());
  }

  supports(strategy: Strategy): boolean {
    if (strategy === 'failover') return this.options.node_failover.enabled;
    return SUPPORTED.includes(strategy);
  }

  describe(target: string, ctx: QueryContext): Promise<Outcome<Record<string, unknown>>> {
    return this.run(`describe ${target}`, ctx, async (scope) => {
      const { namespace, name, deployment } = await resolveDeployment(
        this.resources,
        this.options,
        target,
        scope,
      );
      const hpa = await hpaFor(this.resources, namespace, name, scope);
      return describeDeployment(target, deployment, hpa);
    });
  }

  plan(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionPreview>> {
    return this.run(`plan ${step.strategy} ${step.target}`, ctx, async (scope) => {
      const change = await this.prepare(step, scope);
      const answer = await this.resources.patch(change.request, true, scope);
      const followUp = change.followUp ? await change.followUp(true, scope) : [];
      return {
        summary: `dry run (server-side, dryRun=All; nothing persisted): would ${change.summary}`,
        diff: [previewDiff(change, answer), ...followUp].filter(Boolean).join('\n'),
      };
    });
  }

  apply(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionReceipt>> {
    return this.run(`apply ${step.strategy} ${step.target}`, ctx, async (scope) => {
      const change = await this.prepare(step, scope);
      const dryRun = this.options.dry_run;
      const answer = await this.resources.patch(change.request, dryRun, scope);
      const lines = [
        dryRun
          ? `DRY RUN (dry_run: true): the API server accepted but did not persist: ${change.summary}. Set dry_run: false to act.`
          : `${change.summary}.`,
        previewDiff(change, answer),
        ...(change.followUp ? await change.followUp(dryRun, scope) : []),
      ];
      if (!change.reversible)
        lines.push('irreversible but harmless: undo has nothing to reverse for the restart itself');
      return { detail: lines.join('\n'), undo_token: undoTokenOf(change, dryRun) };
    });
  }

  undo(step: PlanStep, receipt: ActionReceipt, ctx: QueryContext): Promise<Outcome<ActionReceipt>> {
    return this.run(`undo ${step.strategy} ${step.target}`, ctx, async (scope) => {
      return this.undoWith(issuedUndoToken(KubeUndoTokenSchema, receipt, 'Kubernetes'), scope);
    });
  }

  private async undoWith(token: KubeUndoToken, scope: CallScope): Promise<ActionReceipt> {
    const { kind, namespace, name } = token.object;
    const label = kind === 'node' ? `Node ${name}` : `${KIND_LABELS[kind]} ${namespace}/${name}`;
    if (token.dry_run) {
      return {
        detail: `the ${token.strategy} of ${label} was a dry run; nothing was changed, nothing to undo`,
        undo_token: null,
      };
    }
    const irreversible = token.reversible
      ? ''
      : `a ${token.strategy} cannot be undone (pods were replaced) and needs none`;
    if (token.fields.length === 0) return { detail: `${irreversible}; nothing changed`, undo_token: null };
    const current = await this.resources.read(token.object, scope);
    const patch = mergePatchBetween(pick(current, token.fields), token.restore as JsonObject);
    if (Object.keys(patch).length === 0) {
      return { detail: `${label} already has its earlier values; nothing to undo`, undo_token: null };
    }
    const request = { ...token.object, patch_type: 'merge' as const, body: withPrecondition(patch, current) };
    const dryRun = this.options.dry_run;
    const answer = await this.resources.patch(request, dryRun, scope);
    const diff = fieldDiff(pick(current, token.fields), pick(answer, token.fields)).join('\n');
    const done = `restored ${token.fields.map((f) => f.join('.')).join(', ')} of ${label}`;
    const head = dryRun
      ? `DRY RUN (dry_run: true): the API server accepted but did not persist: ${done}`
      : done;
    return { detail: [irreversible, head, diff].filter(Boolean).join('\n'), undo_token: null };
  }

  private async prepare(step: PlanStep, scope: CallScope): Promise<PreparedChange> {
    if (!this.supports(step.strategy)) {
      throw new ActuationRefused(
        step.strategy === 'failover'
          ? 'strategy failover (cordon and drain a node) is off; enable it with node_failover.enabled'
          : `strategy ${step.strategy} has no Kubernetes-native form; this actuator does not support it`,
      );
    }
    const { deployment } = await resolveDeployment(this.resources, this.options, step.target, scope);
    const params = step.params ?? {};
    switch (step.strategy) {
      case 'rollback':
        return prepareRollback(this.resources, deployment, params, scope);
      case 'restart':
        return prepareRestart(deployment, params, this.now());
      case 'scale_up':
        return prepareScaleUp(this.resources, deployment, params, this.options, scope);
      case 'failover':
        return prepareNodeFailover(this.resources, deployment, params, this.options.node_failover, scope);
      default:
        return prepareConfigRevert(
          this.resources,
          deployment,
          params,
          this.options.previous_annotation,
          scope,
        );
    }
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
function previewDiff(change: PreparedChange, answer: JsonObject): string {
  const lines = fieldDiff(change.before, pick(answer, change.fields));
  return [...lines, ...change.notes.map((note) => `note: ${note}`)].join('\n');
}
