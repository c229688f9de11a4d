/**
 * An Actuator that drives the live simulator (`afr sim serve`, src/sim/live/sim-server.ts)
 * over its HTTP API, so a running afr can remediate the simulated cloud as it would a real
 * one:
 *   describe → GET  /api/v1/targets/:service
 *   apply    → POST /api/v1/actions      {strategy, target}             → {detail, undo_token}
 *   undo     → POST /api/v1/actions/undo {strategy, target, undo_token} → {detail, undo_token}
 * The simulator has no dry-run endpoint, so `plan()` describes the target and previews the
 * change from what it reads, sending nothing that changes state. The simulator's own undo
 * token is passed through unchanged. Its refusals come back as `{error}` bodies (409, 400)
 * and are reported word for word.
 */
import { HttpClient } from '../../connectors/http/http-client.js';
import type { HttpError } from '../../connectors/http/http-error.js';
import type { Outcome, SourceRef } from '../../core/outcome.js';
import type { ActionPreview, ActionReceipt, Actuator, QueryContext } from '../../core/ports.js';
import type { PlanStep } from '../../core/remediation-plan.js';
import { STRATEGIES, type Strategy } from '../../core/vocabulary.js';
import { httpFailure, runActuation } from '../shared/run-actuation.js';
import type { HttpSimActuatorOptions } from './http-sim-actuator-options.js';

type Acting = Exclude<Strategy, 'none'>;

/** What each strategy does, and which described fields it changes. */
const EFFECTS: Record<Acting, { phrase: (target: string) => string; fields: string[] }> = {
  rollback: {
    phrase: (t) => `roll ${t} back to its previous release`,
    fields: ['version', 'previous_version'],
  },
  config_revert: {
    phrase: (t) => `restore the previous config revision of ${t}`,
    fields: ['config_version'],
  },
  scale_up: { phrase: (t) => `add replicas to ${t}`, fields: ['replicas', 'volume_size_factor'] },
  restart: { phrase: (t) => `replace every pod of ${t} (rolling restart)`, fields: ['version', 'replicas'] },
  circuit_breaker: { phrase: (t) => `open the circuit breakers of ${t}'s callers`, fields: ['breaker_open'] },
  failover: { phrase: (t) => `move ${t} to a healthy host`, fields: ['host'] },
  shed_load: {
    phrase: () => 'reject part of the incoming traffic at the entry services',
    fields: ['traffic_admitted'],
  },
};

export interface HttpSimActuatorDeps {
  fetch?: typeof fetch;
}

export class HttpSimActuator implements Actuator {
  readonly id = 'sim-http';
  private readonly reads: HttpClient;
  private readonly actions: HttpClient;

  constructor(options: HttpSimActuatorOptions, deps: HttpSimActuatorDeps = {}) {
    const common = { baseUrl: options.url, timeoutMs: options.timeout_ms, fetch: deps.fetch };
    this.reads = new HttpClient({ ...common, retries: options.retries });
    this.actions = new HttpClient({ ...common, retries: 0 });
  }

  supports(strategy: Strategy): boolean {
    return strategy !== 'none' && (STRATEGIES as readonly string[]).includes(strategy);
  }

  describe(target: string, ctx: QueryContext): Promise<Outcome<Record<string, unknown>>> {
    return this.run(`describe ${target}`, ctx, () => this.read(target, ctx.signal));
  }

  plan(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionPreview>> {
    return this.run(`plan ${step.strategy} ${step.target}`, ctx, async () => {
      const effect = this.effectOf(step.strategy);
      const now = await this.read(step.target, ctx.signal);
      if (step.strategy === 'rollback' && now.previous_version === null) {
        throw new Refusal(`${step.target} has no previous release to roll back to`);
      }
      const before = effect.fields.filter((f) => f in now).map((f) => `- ${f}: ${JSON.stringify(now[f])}`);
      const phrase = effect.phrase(step.target);
      return {
        summary: `dry run (the simulator has no server-side dry run; nothing was sent): would ${phrase}`,
        diff: [...before, `+ ${phrase}`].join('\n'),
      };
    });
  }

  apply(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionReceipt>> {
    return this.run(`apply ${step.strategy} ${step.target}`, ctx, async () => {
      this.effectOf(step.strategy);
      const body = { strategy: step.strategy, target: step.target };
      return receiptOf(await this.actions.postJson<unknown>('/api/v1/actions', body, ctx.signal));
    });
  }

  undo(step: PlanStep, receipt: ActionReceipt, ctx: QueryContext): Promise<Outcome<ActionReceipt>> {
    return this.run(`undo ${step.strategy} ${step.target}`, ctx, async () => {
      this.effectOf(step.strategy);
      if (receipt.undo_token === null || receipt.undo_token === undefined) {
        throw new Refusal('the receipt has no undo_token: nothing to undo');
      }
      const body = { strategy: step.strategy, target: step.target, undo_token: receipt.undo_token };
      return receiptOf(await this.actions.postJson<unknown>('/api/v1/actions/undo', body, ctx.signal));
    });
  }

  private async read(target: string, signal: AbortSignal): Promise<Record<string, unknown>> {
    const described = await this.reads.getJson<unknown>(
      `/api/v1/targets/${encodeURIComponent(target)}`,
      undefined,
      signal,
    );
    if (typeof described !== 'object' || described === null || Array.isArray(described)) {
      throw new Refusal('unexpected simulator payload: a target description is a JSON object');
    }
    return described as Record<string, unknown>;
  }

  private effectOf(strategy: Strategy) {
    if (!this.supports(strategy)) throw new Refusal(`strategy ${strategy} changes nothing`);
    return EFFECTS[strategy as Acting];
  }

  private run<T>(query: string, ctx: QueryContext, work: () => Promise<T>): Promise<Outcome<T>> {
    const source: SourceRef = { connector: this.id, query };
    return runActuation({ source, callerSignal: ctx.signal, failureOf: httpFailure(simMessage) }, work);
  }
}

class Refusal extends Error {}

function receiptOf(payload: unknown): ActionReceipt {
  const receipt = payload as { detail?: unknown; undo_token?: unknown } | null;
  if (typeof receipt?.detail !== 'string') {
    throw new Refusal('unexpected simulator payload: an action answer has a detail string');
  }
  return { detail: receipt.detail, undo_token: receipt.undo_token ?? null };
}

/** The simulator's `{error}` text when it sent one, else the HTTP client's message. */
function simMessage(error: HttpError): string {
  try {
    const body = JSON.parse(error.body) as { error?: unknown };
    if (typeof body?.error === 'string') return `simulator HTTP ${error.status}: ${body.error}`;
  } catch {
    // not JSON: fall through
  }
  return error.message;
}
