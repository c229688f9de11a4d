import type { Outcome, SourceRef } from '../../core/outcome.js';
import type { ActionPreview, ActionReceipt, Actuator, QueryContext } from '../../core/ports.js';
import type { PlanStep } from '../../core/remediation-plan.js';
import type { Strategy } from '../../core/vocabulary.js';
import { ActuationRefused } from '../shared/actuation-refused.js';
import { issuedUndoToken } from '../shared/issued-undo-token.js';
import { finishOneCallUndo } from '../shared/one-call-undo.js';
import { httpFailure, runActuation } from '../shared/run-actuation.js';
import { type ApiCall, showRequest } from '../webhook/planned-request.js';
import { DockerApi, dockerMessage } from './docker-api.js';
import type { SwarmActuatorOptions } from './swarm-actuator-options.js';
import type { SwarmChange } from './swarm-change.js';
import { prepareRestart } from './swarm-restart.js';
import { prepareRollback } from './swarm-rollback.js';
import { prepareScaleUp, withReplicas } from './swarm-scale.js';
import { imageOf, replicasOf, specFingerprint } from './swarm-service.js';
import { type SwarmUndoToken, SwarmUndoTokenSchema } from './swarm-undo-token.js';

const SUPPORTED: readonly Strategy[] = ['rollback', 'scale_up', 'restart'];

export interface SwarmActuatorDeps {
  fetch?: typeof fetch;
}

export class SwarmActuator implements Actuator {
  readonly id = 'swarm';
  private readonly api: DockerApi;

  constructor(
    private readonly options: SwarmActuatorOptions,
    deps: SwarmActuatorDeps = {},
  ) {
    this.api = new DockerApi({
      url: options.url,
      apiVersion: options.api_version,
      headers: options.headers,
      timeoutMs: options.timeout_ms,
      retries: options.retries,
      fetch: deps.fetch,
    });
  }

  supports(strategy: Strategy): boolean {
    return SUPPORTED.includes(strategy);
  }

  describe(target: string, ctx: QueryContext): Promise<Outcome<Record<string, unknown>>> {
    return this.run(`describe ${target}`, ctx, async () => {
      const name = this.serviceOf(target);
      const service = await this.api.service(name, ctx.signal);
      const replicas = replicasOf(service.Spec);
      return {
        service: target,
        swarm_service: service.Spec.Name ?? name,
        id: service.ID,
        version: imageOf(service.Spec),
        previous_version: imageOf(service.PreviousSpec),
        image: imageOf(service.Spec),
        mode: replicas === undefined ? 'global' : 'replicated',
        ...(replicas === undefined ? {} : { replicas }),
        ...(this.options.max_replicas !== undefined ? { max_replicas: this.options.max_replicas } : {}),
        update_state: service.UpdateStatus?.State ?? null,
        spec_version: service.Version.Index,
      };
    });
  }

  plan(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionPreview>> {
    return this.run(`plan ${step.strategy} ${step.target}`, ctx, async () => {
      const change = await this.prepare(step, ctx.signal);
      const head = change.call
        ? 'dry run (Docker has no dry run for service updates; nothing was sent): would '
        : '';
      return { summary: `${head}${change.summary}`, diff: this.explain(change) };
    });
  }

  apply(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionReceipt>> {
    return this.run(`apply ${step.strategy} ${step.target}`, ctx, async () => {
      const change = await this.prepare(step, ctx.signal);
      if (!change.call || !change.token) return { detail: `${change.summary}.`, undo_token: null };
      if (this.options.dry_run) {
        return {
          detail: `DRY RUN (dry_run: true): nothing was sent; would ${change.summary}.\n${this.explain(change)}`,
          undo_token: { ...change.token, dry_run: true },
        };
      }
      const warnings = await this.api.send(change.call, ctx.signal);
      const lines = [
        `${change.summary}.`,
        ...change.diff,
        ...change.notes.map((n) => `note: ${n}`),
        ...warnings.map((w) => `Docker warning: ${w}`),
      ];
      return { detail: lines.join('\n'), undo_token: { ...change.token, dry_run: false } };
    });
  }

  undo(step: PlanStep, receipt: ActionReceipt, ctx: QueryContext): Promise<Outcome<ActionReceipt>> {
    return this.run(`undo ${step.strategy} ${step.target}`, ctx, async () => {
      const token = issuedUndoToken(SwarmUndoTokenSchema, receipt, 'Swarm');
      if (token.dry_run) {
        return {
          detail: `the ${token.strategy} of service ${token.service} was a dry run; nothing to undo`,
          undo_token: null,
        };
      }
      if (token.strategy === 'restart') {
        return {
          detail: `a restart of service ${token.service} cannot be undone (the tasks were replaced) and needs none`,
          undo_token: null,
        };
      }
      const undo = await this.undoCall(token, ctx.signal);
      return finishOneCallUndo(
        undo,
        this.options.dry_run,
        (call) => showRequest(this.api.planned(call)),
        async (call) => (await this.api.send(call, ctx.signal)).map((w) => `Docker warning: ${w}`),
      );
    });
  }

  private async undoCall(
    token: Exclude<SwarmUndoToken, { strategy: 'restart' }>,
    signal: AbortSignal,
  ): Promise<{ summary: string; call?: ApiCall }> {
    const service = await this.api.service(token.service, signal);
    if (token.strategy === 'rollback') {
      const unchanged =
        specFingerprint(service.Spec) === token.spec_after &&
        specFingerprint(service.PreviousSpec) === token.spec_before;
      if (!unchanged) {
        throw new ActuationRefused(
          `service ${token.service} changed since the rollback (its spec is no longer the one afr rolled back to); not rolling back over that change`,
        );
      }
      return {
        summary: `rolled Swarm service ${token.service} forward again to the spec it had before the rollback (${token.image_after ?? 'no image'} → ${token.image_before ?? 'no image'})`,
        call: this.api.updateCall(service, service.Spec, true),
      };
    }
    const replicas = replicasOf(service.Spec);
    if (replicas === undefined)
      throw new ActuationRefused(`service ${token.service} is no longer in replicated mode`);
    if (replicas === token.from_replicas) {
      return {
        summary: `service ${token.service} already runs ${token.from_replicas} replicas; nothing to undo`,
      };
    }
    const drift =
      replicas === token.to_replicas ? '' : ` (it ran ${replicas}, not the ${token.to_replicas} afr set)`;
    return {
      summary: `scaled Swarm service ${token.service} back from ${replicas} to ${token.from_replicas} replicas${drift}`,
      call: this.api.updateCall(service, withReplicas(service.Spec, token.from_replicas)),
    };
  }

  private async prepare(step: PlanStep, signal: AbortSignal): Promise<SwarmChange> {
    if (!this.supports(step.strategy)) {
      throw new ActuationRefused(
        `strategy ${step.strategy} has no Swarm form; this actuator does not support it`,
      );
    }
    const name = this.serviceOf(step.target);
    const service = await this.api.service(name, signal);
    switch (step.strategy) {
      case 'rollback':
        return prepareRollback(this.api, name, service, step.params ?? {});
      case 'scale_up':
        return prepareScaleUp(this.api, name, service, step.params ?? {}, this.options);
      default:
        return prepareRestart(this.api, name, service);
    }
  }

  private explain(change: SwarmChange): string {
    const lines = [...change.diff, ...change.notes.map((n) => `note: ${n}`)];
    if (change.call) {
      lines.push(
        showRequest(this.api.planned(change.call)),
        '(environment values in the spec are shown redacted)',
      );
    }
    return lines.join('\n');
  }

  private serviceOf(target: string): string {
    return this.options.services[target] ?? (this.options.stack ? `${this.options.stack}_${target}` : target);
  }

  private run<T>(query: string, ctx: QueryContext, work: () => Promise<T>): Promise<Outcome<T>> {
    const source: SourceRef = { connector: this.id, query };
    return runActuation({ source, callerSignal: ctx.signal, failureOf: httpFailure(dockerMessage) }, work);
  }
}
