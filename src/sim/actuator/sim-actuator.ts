import type {
  ActionPreview,
  ActionReceipt,
  Actuator,
  Outcome,
  PlanStep,
  QueryContext,
  Strategy,
} from '../../core/index.js';
import { failure, ok, STRATEGIES } from '../../core/index.js';
import type { WorldEngine } from '../engine/world-engine.js';
import { currentConfig, currentRelease } from '../engine/world-state.js';
import { applyEffect, refusal, type UndoToken, undoEffect } from './effects.js';

/** What the actuator needs from a world: its engine and its clock. */
export interface ActuatedWorld {
  readonly engine: WorldEngine;
  now(): number;
}

const PREVIEWS: Record<Exclude<Strategy, 'none'>, (target: string) => string> = {
  rollback: (t) => `roll ${t} back to its previous release`,
  config_revert: (t) => `restore the previous config revision of ${t}`,
  scale_up: (t) => `add replicas to ${t} (or expand its volume when it is nearly full)`,
  restart: (t) => `rolling restart of every pod of ${t}`,
  circuit_breaker: (t) => `open the circuit breakers of ${t}'s callers; they answer with fallbacks`,
  failover: (t) => `move ${t} to a healthy host`,
  shed_load: () => 'reject 40% of incoming traffic at the entry services',
};

/** The Actuator of a simulated world: actions change its physics, visible in later telemetry. */
export class SimActuator implements Actuator {
  readonly id = 'simulator';

  constructor(private readonly world: ActuatedWorld) {}

  supports(strategy: Strategy): boolean {
    return strategy !== 'none' && (STRATEGIES as readonly string[]).includes(strategy);
  }

  async describe(target: string, ctx: QueryContext): Promise<Outcome<Record<string, unknown>>> {
    const source = { connector: this.id, query: `describe ${target}` };
    if (ctx.signal.aborted) return failure('deadline exceeded before the query ran', source, true);
    const engine = this.world.engine;
    const spec = engine.graph.byName.get(target);
    if (!spec) return failure(`unknown service "${target}"`, source);
    const state = engine.state(target);
    if (spec.tier === 'external')
      return ok({ service: target, tier: spec.tier, breaker_open: state.breaker_open }, source);
    const release = currentRelease(state);
    return ok(
      {
        service: target,
        tier: spec.tier,
        replicas: state.replicas,
        version: release.version,
        previous_version: state.releases[state.releases.length - 2]?.version ?? null,
        config_version: currentConfig(state).version,
        ...(spec.pool_size ? { db_pool_max_size: currentConfig(state).pool_size } : {}),
        host: state.host,
        breaker_open: state.breaker_open,
        traffic_admitted: engine.traffic.admitted,
        ...(spec.stateful ? { volume_size_factor: state.volume_factor } : {}),
      },
      source,
    );
  }

  async plan(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionPreview>> {
    const source = { connector: this.id, query: `plan ${step.strategy} ${step.target}` };
    if (ctx.signal.aborted) return failure('deadline exceeded before the query ran', source, true);
    const refused = refusal(this.world.engine, step.strategy, step.target);
    if (refused) return failure(refused, source);
    const described = await this.describe(step.target, ctx);
    const before = described.kind === 'ok' ? JSON.stringify(described.data) : '';
    const summary = PREVIEWS[step.strategy as Exclude<Strategy, 'none'>](step.target);
    return ok({ summary: `dry run: would ${summary}`, diff: `- ${before}\n+ ${summary}` }, source);
  }

  async apply(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionReceipt>> {
    const source = { connector: this.id, query: `apply ${step.strategy} ${step.target}` };
    if (ctx.signal.aborted) return failure('deadline exceeded before the action ran', source, true);
    const refused = refusal(this.world.engine, step.strategy, step.target);
    if (refused) return failure(refused, source);
    const result = applyEffect(this.world.engine, step.strategy, step.target, this.world.now());
    return ok({ detail: result.detail, undo_token: result.token }, source);
  }

  async undo(step: PlanStep, receipt: ActionReceipt, ctx: QueryContext): Promise<Outcome<ActionReceipt>> {
    const source = { connector: this.id, query: `undo ${step.strategy} ${step.target}` };
    if (ctx.signal.aborted) return failure('deadline exceeded before the undo ran', source, true);
    const token = receipt.undo_token as UndoToken | undefined;
    if (
      !token ||
      typeof token !== 'object' ||
      typeof token.target !== 'string' ||
      typeof token.strategy !== 'string'
    ) {
      return failure('undo_token is missing or was not issued by this actuator', source);
    }
    if (!this.world.engine.graph.byName.has(token.target))
      return failure(`unknown service "${token.target}"`, source);
    const detail = undoEffect(this.world.engine, token, this.world.now());
    return ok({ detail, undo_token: null }, source);
  }
}
