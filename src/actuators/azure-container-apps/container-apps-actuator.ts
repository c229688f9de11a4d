/**
 * The Azure Container Apps actuator, through the ARM REST API: `rollback` sends 100% of
 * the ingress traffic to the previous revision (the step's `params.revision`, else the
 * revision `params.to_version` names, else the newest usable revision older than the one
 * serving now), `failover` to the revision the step names. A revision that is not active is activated first (POST .../activate), and an
 * undo deactivates it again after restoring the earlier traffic weights. Traffic weights
 * need `activeRevisionsMode: Multiple`. With `dry_run: true` (the default) nothing is sent:
 * ARM has no dry run for these writes, so the receipt lists the exact requests instead.
 * AKS clusters are served by the Kubernetes actuator.
 */
import { HttpError } from '../../connectors/http/index.js';
import { failure, type Outcome, type SourceRef } from '../../core/outcome.js';
import type { ActionPreview, ActionReceipt, Actuator, QueryContext } from '../../core/ports.js';
import type { PlanStep } from '../../core/remediation-plan.js';
import type { Strategy } from '../../core/vocabulary.js';
import { type JsonObject, jsonEqual } from '../kubernetes/json-diff.js';
import { getString } from '../kubernetes/object-fields.js';
import { ActuationRefused, AlreadyInPlace, alreadyInPlace } from '../shared/actuation-refused.js';
import { issuedUndoToken } from '../shared/issued-undo-token.js';
import { callerDeadlinePassed, type FailureOf, runActuation } from '../shared/run-actuation.js';
import { ArmToken } from './arm-token.js';
import { type AppRef, ArmError, ContainerAppsApi, type TrafficWeight } from './container-apps-api.js';
import type { ContainerAppsOptions } from './container-apps-options.js';
import { type ContainerAppsUndoToken, ContainerAppsUndoTokenSchema } from './container-apps-undo-token.js';
import {
  allTrafficTo,
  latestRevisionName,
  previousRevision,
  type RevisionInfo,
  revisionsOf,
  servingRevision,
  showTraffic,
  trafficOf,
  usable,
} from './revision-traffic.js';

const SUPPORTED: readonly Strategy[] = ['rollback', 'failover'];
const REVISION = /^[A-Za-z0-9][A-Za-z0-9-]{0,99}$/;

interface TrafficChange {
  strategy: Strategy;
  app: AppRef;
  summary: string;
  revision: string;
  /** The revision must be activated first. */
  activate: boolean;
  before: TrafficWeight[];
  after: TrafficWeight[];
  latest?: string;
}

export interface ContainerAppsActuatorDeps {
  env?: Record<string, string | undefined>;
}

export class ContainerAppsActuator implements Actuator {
  readonly id = 'azure_container_apps';
  private readonly api: ContainerAppsApi;

  constructor(
    private readonly options: ContainerAppsOptions,
    deps: ContainerAppsActuatorDeps = {},
  ) {
    this.api = new ContainerAppsApi(options, new ArmToken(options, deps.env ?? process.env));
  }

  supports(strategy: Strategy): boolean {
    return SUPPORTED.includes(strategy);
  }

  describe(target: string, ctx: QueryContext): Promise<Outcome<Record<string, unknown>>> {
    return this.run(`describe ${target}`, ctx, async (signal) => {
      const ref = this.appRef(target);
      const app = await this.api.app(ref, signal);
      const revisions = revisionsOf(await this.api.revisions(ref, signal));
      const serving = servingRevision(revisions);
      const previous = serving ? previousRevision(revisions, serving) : undefined;
      return {
        service: target,
        resource_group: ref.resourceGroup,
        app: ref.name,
        version: serving?.name ?? null,
        previous_version: previous?.name ?? null,
        replicas: serving?.replicas ?? null,
        standby_available: revisions.some((r) => r.name !== serving?.name && usable(r)),
        active_revisions_mode:
          getString(app, ['properties', 'configuration', 'activeRevisionsMode']) ?? 'Single',
        latest_revision: latestRevisionName(app) ?? null,
        serving_revision: serving?.name ?? null,
        traffic: trafficOf(app),
        revisions: revisions.map((r) => ({
          name: r.name,
          active: r.active,
          created: r.createdTime,
          traffic_weight: r.trafficWeight,
          health: r.healthState,
          replicas: r.replicas,
        })),
      };
    });
  }

  plan(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionPreview>> {
    return this.run(`plan ${step.strategy} ${step.target}`, ctx, async (signal) => {
      const change = await this.prepare(step, signal).catch(alreadyInPlace);
      if (typeof change === 'string') return { summary: change, diff: '' };
      return {
        summary: `dry run (ARM has no dry run for these writes; nothing sent): would ${change.summary}`,
        diff: this.changeLines(change).join('\n'),
      };
    });
  }

  apply(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionReceipt>> {
    return this.run(`apply ${step.strategy} ${step.target}`, ctx, async (signal) => {
      const change = await this.prepare(step, signal).catch(alreadyInPlace);
      if (typeof change === 'string') return { detail: change, undo_token: null };
      const dryRun = this.options.dry_run;
      const lines = [
        dryRun
          ? `DRY RUN (dry_run: true): nothing was sent; would ${change.summary}. Set dry_run: false to act.`
          : `${change.summary}.`,
        ...this.changeLines(change),
      ];
      if (!dryRun) {
        if (change.activate) await this.api.revisionAction(change.app, change.revision, 'activate', signal);
        try {
          lines.push(...(await this.api.setTraffic(change.app, change.after, signal)));
        } catch (error) {
          if (!change.activate || !(error instanceof Error)) throw error;
          error.message = `${error.message} (revision ${change.revision} was activated and stays active, without traffic)`;
          throw error;
        }
      }
      const token: ContainerAppsUndoToken = {
        actuator: 'azure_container_apps',
        strategy: change.strategy,
        app: { resource_group: change.app.resourceGroup, name: change.app.name },
        traffic: change.before,
        activated: change.activate ? change.revision : null,
        dry_run: dryRun,
      };
      return { detail: lines.join('\n'), undo_token: token };
    });
  }

  undo(step: PlanStep, receipt: ActionReceipt, ctx: QueryContext): Promise<Outcome<ActionReceipt>> {
    return this.run(`undo ${step.strategy} ${step.target}`, ctx, async (signal) => {
      return this.undoWith(
        issuedUndoToken(ContainerAppsUndoTokenSchema, receipt, 'Azure Container Apps'),
        signal,
      );
    });
  }

  private async undoWith(token: ContainerAppsUndoToken, signal: AbortSignal): Promise<ActionReceipt> {
    const ref = { resourceGroup: token.app.resource_group, name: token.app.name };
    const label = `container app ${ref.resourceGroup}/${ref.name}`;
    if (token.dry_run) {
      return {
        detail: `the ${token.strategy} of ${label} was a dry run; nothing was changed, nothing to undo`,
        undo_token: null,
      };
    }
    const app = await this.api.app(ref, signal);
    const latest = latestRevisionName(app);
    const now = trafficOf(app);
    const restore = !jsonEqual(now, token.traffic);
    if (!restore && !token.activated) {
      return {
        detail: `${label} already has its earlier traffic weights; nothing to undo`,
        undo_token: null,
      };
    }
    const lines = [
      restore ? `traffic: ${showTraffic(now, latest)} → ${showTraffic(token.traffic, latest)}` : '',
      restore ? this.patchLine(ref, token.traffic) : '',
      token.activated ? this.actionLine(ref, token.activated, 'deactivate') : '',
    ].filter(Boolean);
    if (this.options.dry_run) {
      return {
        detail: [`DRY RUN (dry_run: true): nothing was sent; would restore ${label}`, ...lines].join('\n'),
        undo_token: null,
      };
    }
    if (restore) lines.push(...(await this.api.setTraffic(ref, token.traffic, signal)));
    if (token.activated) await this.api.revisionAction(ref, token.activated, 'deactivate', signal);
    return { detail: [`restored the traffic weights of ${label}`, ...lines].join('\n'), undo_token: null };
  }

  private async prepare(step: PlanStep, signal: AbortSignal): Promise<TrafficChange> {
    if (!this.supports(step.strategy)) {
      throw new ActuationRefused(
        `strategy ${step.strategy} has no Container Apps form here; this actuator supports ${SUPPORTED.join(', ')}`,
      );
    }
    const ref = this.appRef(step.target);
    const label = `container app ${ref.resourceGroup}/${ref.name}`;
    const app = await this.api.app(ref, signal);
    checkIngress(app, label);
    const revisions = revisionsOf(await this.api.revisions(ref, signal));
    const serving = servingRevision(revisions);
    if (!serving) throw new ActuationRefused(`${label} has no revisions`);
    const target = chooseRevision(step, revisions, serving, label);
    const latest = latestRevisionName(app);
    const before = trafficOf(app);
    const after = allTrafficTo(before, target.name, latest);
    if (jsonEqual(before, after)) {
      throw new AlreadyInPlace(`${label} already sends all traffic to revision ${target.name}`);
    }
    const verb = step.strategy === 'rollback' ? 'roll back' : 'fail over';
    const activation = target.active ? '' : `activate revision ${target.name} and `;
    return {
      strategy: step.strategy,
      app: ref,
      summary: `${verb} ${label}: ${activation}shift 100% of traffic from ${serving.name} to ${target.name}`,
      revision: target.name,
      activate: !target.active,
      before,
      after,
      latest,
    };
  }

  private changeLines(change: TrafficChange): string[] {
    return [
      `traffic: ${showTraffic(change.before, change.latest)} → ${showTraffic(change.after, change.latest)}`,
      ...(change.activate ? [this.actionLine(change.app, change.revision, 'activate')] : []),
      this.patchLine(change.app, change.after),
    ];
  }

  private patchLine(ref: AppRef, traffic: TrafficWeight[]): string {
    return `request: PATCH ${this.appPath(ref)} {"properties":{"configuration":{"ingress":{"traffic":${JSON.stringify(traffic)}}}}}`;
  }

  private actionLine(ref: AppRef, revision: string, action: 'activate' | 'deactivate'): string {
    return `request: POST ${this.appPath(ref)}/revisions/${revision}/${action}`;
  }

  private appPath(ref: AppRef): string {
    return `.../resourceGroups/${ref.resourceGroup}/providers/Microsoft.App/containerApps/${ref.name}`;
  }

  private appRef(service: string): AppRef {
    const entry = this.options.apps[service] ?? service;
    const slash = entry.indexOf('/');
    const resourceGroup = slash >= 0 ? entry.slice(0, slash) : this.options.resource_group;
    const name = slash >= 0 ? entry.slice(slash + 1) : entry;
    if (!/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/.test(name)) {
      throw new ActuationRefused(
        `service ${JSON.stringify(service)} is not a valid container app name; map it in apps.<service>`,
      );
    }
    return { resourceGroup, name };
  }

  /** One deadline for the whole call; refusals and ARM failures become error outcomes. */
  private run<T>(
    query: string,
    ctx: QueryContext,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<Outcome<T>> {
    const source: SourceRef = { connector: this.id, query };
    const failureOf: FailureOf = (error, _source, signal) => {
      if (ctx.signal.aborted) return callerDeadlinePassed(source);
      if (error instanceof ArmError || error instanceof HttpError) {
        return failure(error.message, source, error.retryable);
      }
      if (signal.aborted) return failure('Azure Container Apps call timed out', source, true);
      return undefined;
    };
    return runActuation(
      { source, callerSignal: ctx.signal, timeoutMs: this.options.timeout_ms, failureOf },
      work,
    );
  }
}

function checkIngress(app: JsonObject, label: string): void {
  const configuration = (app.properties as JsonObject | undefined)?.configuration as JsonObject | undefined;
  if (!configuration?.ingress) {
    throw new ActuationRefused(`${label} has no ingress; traffic weights do not apply`);
  }
  const mode = configuration.activeRevisionsMode ?? 'Single';
  if (mode !== 'Multiple') {
    throw new ActuationRefused(
      `${label} runs in activeRevisionsMode ${mode}: traffic weights need Multiple (set it to let afr shift traffic between revisions)`,
    );
  }
}

function chooseRevision(
  step: PlanStep,
  revisions: RevisionInfo[],
  serving: RevisionInfo,
  label: string,
): RevisionInfo {
  const named = step.params?.revision;
  if (named !== undefined) {
    if (typeof named !== 'string' || !REVISION.test(named)) {
      throw new ActuationRefused(`params.revision: expected a revision name, got ${JSON.stringify(named)}`);
    }
    const found = revisions.find((r) => r.name === named);
    if (!found) throw new ActuationRefused(`params.revision: ${label} has no revision ${named}`);
    if (!usable(found)) {
      throw new ActuationRefused(
        `revision ${named} is not usable (provisioning ${found.provisioningState}, health ${found.healthState})`,
      );
    }
    return found;
  }
  if (step.strategy === 'failover') {
    throw new ActuationRefused('failover needs params.revision: the healthy revision to send all traffic to');
  }
  const hint = step.params?.to_version;
  const hinted = typeof hint === 'string' ? revisions.find((r) => r.name === hint) : undefined;
  if (hinted && hinted.name !== serving.name && usable(hinted)) return hinted;
  const previous = previousRevision(revisions, serving);
  if (!previous) {
    throw new ActuationRefused(
      `${label} has no usable revision older than ${serving.name}; nothing to roll back to`,
    );
  }
  return previous;
}
