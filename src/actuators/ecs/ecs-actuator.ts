/**
 * The AWS actuator for Amazon ECS services and EC2 Auto Scaling groups, through the AWS
 * SDK v3: `rollback` (UpdateService to the previous task definition), `scale_up`
 * (UpdateService desiredCount, or the group's desired capacity) and `restart`
 * (UpdateService forceNewDeployment). AWS offers no server-side dry run for these calls, so
 * `plan()` and a dry-run `apply()` (the default, `dry_run: true`) read the target and report
 * the exact request, sending none. `undo()` reads the target again and puts the recorded
 * values back (task definition, desired count, desired capacity and MaxSize).
 */
import type { ECSClientConfig } from '@aws-sdk/client-ecs';
import { sdkFailure } from '../../connectors/cloudwatch-metrics/cloudwatch-errors.js';
import { failure, type Outcome, type SourceRef } from '../../core/outcome.js';
import type { ActionPreview, ActionReceipt, Actuator, QueryContext } from '../../core/ports.js';
import type { PlanStep } from '../../core/remediation-plan.js';
import type { Strategy } from '../../core/vocabulary.js';
import { ActuationRefused, alreadyInPlace } from '../shared/actuation-refused.js';
import { issuedUndoToken } from '../shared/issued-undo-token.js';
import { type FailureOf, runActuation } from '../shared/run-actuation.js';
import { prepareGroupScaleUp } from './auto-scaling-change.js';
import { AwsApis, type AwsClients, awsClients } from './aws-apis.js';
import { type AwsChange, type AwsWrite, shortTaskDefinition, valueDiff } from './aws-change.js';
import { awsTarget, targetLabel } from './aws-target.js';
import { describeEcsService, describeGroup } from './describe-aws-target.js';
import type { EcsActuatorOptions } from './ecs-actuator-options.js';
import {
  prepareEcsRestart,
  prepareEcsRollback,
  prepareEcsScaleUp,
  previousTaskDefinition,
} from './ecs-service-changes.js';
import { type EcsUndoToken, EcsUndoTokenSchema, ecsUndoTokenOf } from './ecs-undo-token.js';

const SUPPORTED: readonly Strategy[] = ['rollback', 'scale_up', 'restart'];

export interface EcsActuatorDeps {
  /** Ready clients (their region, endpoint and credentials win over the options). */
  clients?: AwsClients;
  /** Credentials instead of the SDK's default chain (tests use static ones). */
  credentials?: ECSClientConfig['credentials'];
}

export class EcsActuator implements Actuator {
  readonly id = 'ecs';
  private readonly apis: AwsApis;

  constructor(
    private readonly options: EcsActuatorOptions,
    deps: EcsActuatorDeps = {},
  ) {
    this.apis = new AwsApis(deps.clients ?? awsClients(options, deps.credentials));
  }

  supports(strategy: Strategy): boolean {
    return SUPPORTED.includes(strategy);
  }

  describe(target: string, ctx: QueryContext): Promise<Outcome<Record<string, unknown>>> {
    return this.run(`describe ${target}`, ctx, async (signal) => {
      const aws = awsTarget(this.options, target);
      if (aws.kind === 'auto_scaling_group') {
        return describeGroup(target, await this.apis.group(aws.name, signal), this.options.max_capacity);
      }
      const service = await this.apis.service(aws.cluster, aws.service, signal);
      const previous = await previousTaskDefinition(this.apis, service, {}, signal).then(
        (found) => found.previous,
        (error) => {
          if (error instanceof ActuationRefused) return null;
          throw error;
        },
      );
      return describeEcsService(target, aws.cluster, service, {
        previous,
        maxDesiredCount: this.options.max_desired_count,
      });
    });
  }

  plan(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionPreview>> {
    return this.run(`plan ${step.strategy} ${step.target}`, ctx, async (signal) => {
      const change = await this.prepare(step, signal).catch(alreadyInPlace);
      if (typeof change === 'string') return { summary: change, diff: '' };
      return {
        summary: `dry run (AWS has no server-side dry run for ${change.write.api}; nothing sent): would ${change.summary}`,
        diff: [...valueDiff(change.before, change.after), requestLine(change.write), ...notes(change)].join(
          '\n',
        ),
      };
    });
  }

  apply(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionReceipt>> {
    return this.run(`apply ${step.strategy} ${step.target}`, ctx, async (signal) => {
      const change = await this.prepare(step, signal).catch(alreadyInPlace);
      if (typeof change === 'string') return { detail: change, undo_token: null };
      const dryRun = this.options.dry_run;
      const lines = dryRun
        ? [`DRY RUN (dry_run: true): nothing was sent; would ${change.summary}. Set dry_run: false to act.`]
        : [`${change.summary}.`];
      lines.push(...valueDiff(change.before, change.after), requestLine(change.write));
      if (!dryRun) lines.push(...(await this.send(change.write, signal)));
      lines.push(...notes(change));
      return { detail: lines.join('\n'), undo_token: ecsUndoTokenOf(change, dryRun) };
    });
  }

  undo(step: PlanStep, receipt: ActionReceipt, ctx: QueryContext): Promise<Outcome<ActionReceipt>> {
    return this.run(`undo ${step.strategy} ${step.target}`, ctx, async (signal) => {
      return this.undoWith(issuedUndoToken(EcsUndoTokenSchema, receipt, 'ECS'), signal);
    });
  }

  private async undoWith(token: EcsUndoToken, signal: AbortSignal): Promise<ActionReceipt> {
    const label = targetLabel(token.target);
    if (token.dry_run) {
      return {
        detail: `the ${token.strategy} of ${label} was a dry run; nothing was changed, nothing to undo`,
        undo_token: null,
      };
    }
    if (!token.reversible) {
      return { detail: `a ${token.strategy} of ${label} cannot be undone and needs none`, undo_token: null };
    }
    const back = await this.restoreWrite(token, signal);
    if (!back)
      return { detail: `${label} already has its earlier values; nothing to undo`, undo_token: null };
    const lines = [...valueDiff(back.current, token.restore), requestLine(back.write)];
    if (this.options.dry_run) {
      return {
        detail: [`DRY RUN (dry_run: true): nothing was sent; would restore ${label}`, ...lines].join('\n'),
        undo_token: null,
      };
    }
    lines.push(...(await this.send(back.write, signal)));
    return { detail: [`restored ${label}`, ...lines].join('\n'), undo_token: null };
  }

  /** The write that puts the recorded values back, or undefined when they already hold. */
  private async restoreWrite(
    token: EcsUndoToken,
    signal: AbortSignal,
  ): Promise<{ write: AwsWrite; current: AwsChange['before'] } | undefined> {
    const { target, restore } = token;
    if (target.kind === 'ecs_service') {
      const service = await this.apis.service(target.cluster, target.service, signal);
      const current = { taskDefinition: service.taskDefinition, desiredCount: service.desiredCount };
      const input = { cluster: target.cluster, service: target.service };
      const changes = {
        ...(restore.taskDefinition && restore.taskDefinition !== current.taskDefinition
          ? { taskDefinition: restore.taskDefinition }
          : {}),
        ...(restore.desiredCount !== undefined && restore.desiredCount !== current.desiredCount
          ? { desiredCount: restore.desiredCount }
          : {}),
      };
      if (Object.keys(changes).length === 0) return undefined;
      return { write: { api: 'ecs:UpdateService', input: { ...input, ...changes } }, current };
    }
    const group = await this.apis.group(target.name, signal);
    const current = { DesiredCapacity: group.DesiredCapacity, MaxSize: group.MaxSize };
    const desired = restore.DesiredCapacity ?? group.DesiredCapacity ?? 0;
    if (restore.MaxSize !== undefined && restore.MaxSize !== group.MaxSize) {
      const input = { AutoScalingGroupName: target.name, MaxSize: restore.MaxSize, DesiredCapacity: desired };
      return { write: { api: 'autoscaling:UpdateAutoScalingGroup', input }, current };
    }
    if (desired === group.DesiredCapacity) return undefined;
    const input = { AutoScalingGroupName: target.name, DesiredCapacity: desired, HonorCooldown: false };
    return { write: { api: 'autoscaling:SetDesiredCapacity', input }, current };
  }

  private async prepare(step: PlanStep, signal: AbortSignal): Promise<AwsChange> {
    if (!this.supports(step.strategy)) {
      throw new ActuationRefused(
        `strategy ${step.strategy} has no ECS form; the ECS actuator supports ${SUPPORTED.join(', ')}`,
      );
    }
    const target = awsTarget(this.options, step.target);
    const params = step.params ?? {};
    if (target.kind === 'auto_scaling_group') {
      if (step.strategy !== 'scale_up') {
        throw new ActuationRefused(
          `${step.target} maps to Auto Scaling group ${target.name}: only scale_up applies to a group`,
        );
      }
      return prepareGroupScaleUp(this.apis, target, params, this.options, signal);
    }
    switch (step.strategy) {
      case 'rollback':
        return prepareEcsRollback(this.apis, target, params, signal);
      case 'scale_up':
        return prepareEcsScaleUp(this.apis, target, params, this.options, signal);
      default:
        return prepareEcsRestart(this.apis, target, signal);
    }
  }

  /** Sends one write; the lines say what AWS answered. */
  private async send(write: AwsWrite, signal: AbortSignal): Promise<string[]> {
    switch (write.api) {
      case 'ecs:UpdateService': {
        const service = await this.apis.updateService(write.input, signal);
        const primary = service?.deployments?.find((d) => d.status === 'PRIMARY');
        return primary
          ? [
              `ECS started deployment ${primary.id} (task definition ${shortTaskDefinition(primary.taskDefinition ?? '')}, desired ${primary.desiredCount ?? service?.desiredCount})`,
            ]
          : [];
      }
      case 'autoscaling:SetDesiredCapacity':
        await this.apis.setDesiredCapacity(write.input, signal);
        return [];
      default:
        await this.apis.updateGroup(write.input, signal);
        return [];
    }
  }

  /** One deadline for the whole call; refusals and AWS errors become error outcomes. */
  private run<T>(
    query: string,
    ctx: QueryContext,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<Outcome<T>> {
    const source: SourceRef = { connector: this.id, query };
    const failureOf: FailureOf = (error) =>
      error instanceof ActuationRefused
        ? failure(error.message, source, false)
        : sdkFailure(error, source, ctx.signal);
    return runActuation(
      { source, callerSignal: ctx.signal, timeoutMs: this.options.timeout_ms, failureOf },
      work,
    );
  }
}

function requestLine(write: AwsWrite): string {
  return `request: ${write.api} ${JSON.stringify(write.input)}`;
}

function notes(change: AwsChange): string[] {
  return change.notes.map((note) => `note: ${note}`);
}
