/**
 * The Nomad actuator: `rollback` (job revert), `scale_up` (task group count) and `restart`
 * (in-place allocation restarts, one at a time, canary first when the executor asks) on
 * the job behind an afr service, through the Nomad HTTP API. Nomad has no dry run for these
 * calls, so `plan()` reads the job and shows the exact requests without sending them, and
 * `apply()` sends them only when `dry_run` is false. `undo()` works from the receipt's token
 * alone: it reverts to the version that was current before (refusing if the job moved on
 * since), or scales back to the previous count.
 */
import { HttpError } from '../../connectors/http/http-error.js';
import type { Outcome, SourceRef } from '../../core/outcome.js';
import type { ActionPreview, ActionReceipt, Actuator, QueryContext } from '../../core/ports.js';
import type { PlanStep } from '../../core/remediation-plan.js';
import type { Strategy } from '../../core/vocabulary.js';
import { ActuationRefused } from '../shared/actuation-refused.js';
import { issuedUndoToken } from '../shared/issued-undo-token.js';
import { finishOneCallUndo } from '../shared/one-call-undo.js';
import { httpFailure, runActuation } from '../shared/run-actuation.js';
import { type ApiCall, showRequest } from '../webhook/planned-request.js';
import type { NomadActuatorOptions } from './nomad-actuator-options.js';
import { jobPath, NomadApi, type NomadScope, query } from './nomad-api.js';
import type { NomadChange } from './nomad-change.js';
import { imagesOf, priorVersion, sameSpec } from './nomad-job.js';
import { prepareRestart } from './nomad-restart.js';
import { prepareRollback } from './nomad-rollback.js';
import { prepareScaleUp, scaleCall } from './nomad-scale.js';
import { type NomadUndoToken, NomadUndoTokenSchema } from './nomad-undo-token.js';

const SUPPORTED: readonly Strategy[] = ['rollback', 'scale_up', 'restart'];
/** Canary restarts remembered for the full step that follows; oldest forgotten first. */
const MAX_REMEMBERED_CANARIES = 100;

export interface NomadActuatorDeps {
  fetch?: typeof fetch;
  /** Waits between allocation restarts (tests pass a recorder). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export class NomadActuator implements Actuator {
  readonly id = 'nomad';
  private readonly api: NomadApi;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly canaries = new Map<string, Set<string>>();

  constructor(
    private readonly options: NomadActuatorOptions,
    deps: NomadActuatorDeps = {},
  ) {
    this.api = new NomadApi({
      url: options.url,
      token: options.token,
      namespace: options.namespace,
      region: options.region,
      timeoutMs: options.timeout_ms,
      retries: options.retries,
      fetch: deps.fetch,
    });
    this.sleep = deps.sleep ?? sleepFor;
  }

  supports(strategy: Strategy): boolean {
    return SUPPORTED.includes(strategy);
  }

  /** Restarts can go to a canary of allocations first (`params.canary`). */
  supportsProgressive(step: PlanStep): boolean {
    return step.strategy === 'restart';
  }

  describe(target: string, ctx: QueryContext): Promise<Outcome<Record<string, unknown>>> {
    return this.run(`describe ${target}`, ctx, async () => {
      const jobId = this.jobOf(target);
      const scope = this.api.scope();
      const job = await this.api.job(jobId, scope, ctx.signal);
      const versions = await this.api.versions(jobId, scope, ctx.signal);
      let previous: number | null = null;
      try {
        previous = priorVersion(versions, job.Version, {}).version.Version;
      } catch {
        previous = null;
      }
      const groups = Object.fromEntries(job.TaskGroups.map((g) => [g.Name, g.Count]));
      const mapped = this.options.groups[target];
      const counted = mapped ? job.TaskGroups.filter((g) => g.Name === mapped) : job.TaskGroups;
      const max = counted.length === 1 ? counted[0]?.Scaling?.Max : undefined;
      return {
        service: target,
        job: jobId,
        namespace: this.options.namespace ?? null,
        type: job.Type ?? null,
        status: job.Status ?? null,
        version: String(job.Version),
        previous_version: previous === null ? null : String(previous),
        stable: job.Stable === true,
        images: imagesOf(job),
        groups,
        replicas: counted.reduce((sum, g) => sum + g.Count, 0),
        ...(typeof max === 'number' ? { max_replicas: max } : {}),
      };
    });
  }

  plan(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionPreview>> {
    return this.run(`plan ${step.strategy} ${step.target}`, ctx, async () => {
      const change = await this.prepare(step, ctx.signal);
      const head = change.calls.length
        ? 'dry run (Nomad has no dry run for this; nothing was sent): would '
        : '';
      return { summary: `${head}${change.summary}`, diff: this.explain(change) };
    });
  }

  apply(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionReceipt>> {
    return this.run(`apply ${step.strategy} ${step.target}`, ctx, async () => {
      const change = await this.prepare(step, ctx.signal);
      if (change.calls.length === 0 || !change.token)
        return { detail: `${change.summary}.`, undo_token: null };
      if (this.options.dry_run) {
        return {
          detail: `DRY RUN (dry_run: true): nothing was sent; would ${change.summary}.\n${this.explain(change)}`,
          undo_token: { ...change.token, dry_run: true },
        };
      }
      const answers = await this.sendAll(change, step, ctx.signal);
      const token = { ...change.token, dry_run: false } as NomadUndoToken;
      const lines = [
        `${change.summary}.`,
        ...change.diff,
        ...change.notes.map((n) => `note: ${n}`),
        ...answers,
      ];
      if (token.strategy === 'rollback') {
        try {
          token.applied_version = (await this.api.job(token.job, scopeOf(token), ctx.signal)).Version;
          lines.push(`the job is now at version ${token.applied_version}`);
        } catch (error) {
          lines.push(
            `could not read the job back (${messageOf(error)}); an undo will not check for later changes`,
          );
        }
      }
      return { detail: lines.join('\n'), undo_token: token };
    });
  }

  undo(step: PlanStep, receipt: ActionReceipt, ctx: QueryContext): Promise<Outcome<ActionReceipt>> {
    return this.run(`undo ${step.strategy} ${step.target}`, ctx, async () => {
      const token = issuedUndoToken(NomadUndoTokenSchema, receipt, 'Nomad');
      if (token.dry_run) {
        return {
          detail: `the ${token.strategy} of job ${token.job} was a dry run; nothing to undo`,
          undo_token: null,
        };
      }
      if (token.strategy === 'restart') {
        return {
          detail: `a restart of job ${token.job} cannot be undone (the tasks were restarted) and needs none`,
          undo_token: null,
        };
      }
      const undo =
        token.strategy === 'rollback'
          ? await this.undoRevert(token, ctx.signal)
          : await this.undoScale(token, ctx.signal);
      return finishOneCallUndo(
        undo,
        this.options.dry_run,
        (call) => showRequest(this.api.planned(call)),
        async (call, request) => [request, ...answerLines(await this.api.send(call, ctx.signal))],
      );
    });
  }

  private async undoRevert(
    token: Extract<NomadUndoToken, { strategy: 'rollback' }>,
    signal: AbortSignal,
  ): Promise<{ summary: string; call?: ApiCall }> {
    const scope = scopeOf(token);
    const job = await this.api.job(token.job, scope, signal);
    if (token.applied_version !== undefined && job.Version !== token.applied_version) {
      throw new ActuationRefused(
        `job ${token.job} is at version ${job.Version}, not version ${token.applied_version} that the rollback created: it changed since; not reverting over that change`,
      );
    }
    const versions = await this.api.versions(token.job, scope, signal);
    const before = versions.find((v) => v.Version === token.from_version);
    if (!before) {
      throw new ActuationRefused(
        `Nomad no longer keeps version ${token.from_version} of job ${token.job}; cannot revert to it`,
      );
    }
    if (sameSpec(job, before)) {
      return {
        summary: `job ${token.job} already runs the spec of version ${token.from_version}; nothing to undo`,
      };
    }
    return {
      summary: `reverted Nomad job ${token.job} from version ${job.Version} back to version ${token.from_version}, as before the rollback`,
      call: {
        method: 'POST',
        path: `${jobPath(token.job)}/revert`,
        query: query(scope),
        body: { JobID: token.job, JobVersion: token.from_version, EnforcePriorVersion: job.Version },
      },
    };
  }

  private async undoScale(
    token: Extract<NomadUndoToken, { strategy: 'scale_up' }>,
    signal: AbortSignal,
  ): Promise<{ summary: string; call?: ApiCall }> {
    const scope = scopeOf(token);
    const job = await this.api.job(token.job, scope, signal);
    const group = job.TaskGroups.find((g) => g.Name === token.group);
    if (!group) throw new ActuationRefused(`job ${token.job} no longer has task group ${token.group}`);
    const label = `task group ${token.job}/${token.group}`;
    if (group.Count === token.from_count) {
      return { summary: `${label} already runs ${token.from_count}; nothing to undo` };
    }
    const drift =
      group.Count === token.to_count ? '' : ` (it was ${group.Count}, not the ${token.to_count} afr set)`;
    return {
      summary: `scaled ${label} back from ${group.Count} to ${token.from_count}${drift}`,
      call: scaleCall(
        token.job,
        scope,
        token.group,
        token.from_count,
        `afr undo of scale_up to ${token.to_count}`,
      ),
    };
  }

  private async prepare(step: PlanStep, signal: AbortSignal): Promise<NomadChange> {
    if (!this.supports(step.strategy)) {
      throw new ActuationRefused(
        `strategy ${step.strategy} has no Nomad form; this actuator does not support it`,
      );
    }
    const jobId = this.jobOf(step.target);
    const scope = this.api.scope();
    const params = step.params ?? {};
    switch (step.strategy) {
      case 'rollback':
        return prepareRollback(this.api, jobId, scope, params, signal);
      case 'scale_up':
        return prepareScaleUp(this.api, jobId, scope, step, this.options, signal);
      default: {
        const done =
          params.canary === undefined
            ? (this.canaries.get(baseStepId(step)) ?? new Set<string>())
            : new Set<string>();
        return prepareRestart(this.api, jobId, scope, params, done, signal);
      }
    }
  }

  /** Sends the change's calls in order, pausing between restarts; a failure names what was done. */
  private async sendAll(change: NomadChange, step: PlanStep, signal: AbortSignal): Promise<string[]> {
    if (change.token?.strategy !== 'restart') {
      const lines: string[] = [];
      for (const call of change.calls) lines.push(...answerLines(await this.api.send(call, signal)));
      return lines;
    }
    const ids = change.token.allocations;
    const restarted: string[] = [];
    for (const [i, call] of change.calls.entries()) {
      try {
        if (i > 0) await this.sleep(this.options.restart_pause_ms, signal);
        await this.api.send(call, signal);
      } catch (error) {
        this.remember(step, restarted);
        const done = restarted.length ? ` (${restarted.join(', ')})` : '';
        throw new ActuationRefused(
          `restarted ${restarted.length} of ${ids.length} allocation(s)${done}, then allocation ${ids[i]} failed: ${messageOf(error)}`,
        );
      }
      restarted.push(ids[i] as string);
    }
    if (step.params?.canary !== undefined) this.remember(step, restarted);
    else this.canaries.delete(baseStepId(step));
    return [`restarted ${restarted.length} allocation(s): ${restarted.join(', ')}`];
  }

  private remember(step: PlanStep, allocations: string[]): void {
    if (step.params?.canary === undefined) return;
    this.canaries.set(baseStepId(step), new Set(allocations));
    while (this.canaries.size > MAX_REMEMBERED_CANARIES) {
      const oldest = this.canaries.keys().next().value;
      if (oldest === undefined) break;
      this.canaries.delete(oldest);
    }
  }

  private explain(change: NomadChange): string {
    return [
      ...change.diff,
      ...change.notes.map((note) => `note: ${note}`),
      ...change.calls.map((call) => showRequest(this.api.planned(call))),
    ].join('\n');
  }

  private jobOf(service: string): string {
    return this.options.jobs[service] ?? service;
  }

  private run<T>(query: string, ctx: QueryContext, work: () => Promise<T>): Promise<Outcome<T>> {
    const source: SourceRef = { connector: this.id, query };
    return runActuation(
      { source, callerSignal: ctx.signal, failureOf: httpFailure((error) => `Nomad ${error.message}`) },
      work,
    );
  }
}

function baseStepId(step: PlanStep): string {
  return step.id.replace(/-canary$/, '');
}

function scopeOf(token: NomadUndoToken): NomadScope {
  return { namespace: token.namespace, region: token.region };
}

/** What Nomad said: the evaluation it created, and any warnings. */
function answerLines(answer: Record<string, unknown>): string[] {
  const lines: string[] = [];
  if (typeof answer.EvalID === 'string' && answer.EvalID) lines.push(`Nomad evaluation ${answer.EvalID}`);
  if (typeof answer.Warnings === 'string' && answer.Warnings)
    lines.push(`Nomad warnings: ${answer.Warnings}`);
  return lines;
}

function messageOf(error: unknown): string {
  if (error instanceof HttpError) return `Nomad ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

function sleepFor(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ActuationRefused('stopped between allocation restarts: the caller deadline passed'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
