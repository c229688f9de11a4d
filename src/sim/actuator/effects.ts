/**
 * What each remediation does to the simulated world. Effects follow the physics: a
 * rollback reverts the last release (healing only what that release broke), a config
 * revert restores the previous config, scale_up adds replicas or expands a full volume,
 * and so on. Each returns the undo token that reverses exactly that change.
 */
import type { Strategy } from '../../core/index.js';
import type { WorldEngine } from '../engine/world-engine.js';
import { currentConfig, currentRelease, replacePods, setReplicas } from '../engine/world-state.js';

export type UndoToken =
  | { strategy: 'rollback'; target: string; reverted: { version: string; commit: string; defect?: unknown } }
  | { strategy: 'config_revert'; target: string; reverted: { version: string; pool_size?: number } }
  | { strategy: 'scale_up'; target: string; replicas: number; volume_factor: number }
  | { strategy: 'restart'; target: string }
  | { strategy: 'circuit_breaker'; target: string }
  | { strategy: 'failover'; target: string; host: string; host_slowdown: number }
  | { strategy: 'shed_load'; target: string; admitted: number };

export interface EffectResult {
  detail: string;
  token: UndoToken;
}

/** Seconds until a rollout or new pods are serving. */
const ROLLOUT_S = 60;
const POD_READY_S = 45;

/** Why a strategy cannot act on a target, or null when it can. */
export function refusal(engine: WorldEngine, strategy: Strategy, target: string): string | null {
  const spec = engine.graph.byName.get(target);
  if (!spec) return `unknown service "${target}"`;
  if (strategy === 'none') return 'strategy "none" changes nothing';
  const external = spec.tier === 'external';
  const state = engine.state(target);
  switch (strategy) {
    case 'rollback':
      if (external) return `${target} is an external provider; it has no releases to roll back`;
      return state.releases.length < 2 ? `${target} has no previous release to roll back to` : null;
    case 'config_revert':
      if (external) return `${target} is an external provider; its config is not ours`;
      return state.configs.length < 2 ? `${target} has no previous config revision` : null;
    case 'circuit_breaker':
      return engine.graph.callers(target).length === 0
        ? `${target} has no callers to open a breaker in`
        : null;
    case 'shed_load':
      return null;
    default:
      return external ? `${target} is an external provider; ${strategy} is not possible` : null;
  }
}

/** Applies a strategy at time `now`; call only after `refusal` returned null. */
export function applyEffect(
  engine: WorldEngine,
  strategy: Strategy,
  target: string,
  now: number,
): EffectResult {
  const state = engine.state(target);
  switch (strategy) {
    case 'rollback': {
      const current = currentRelease(state);
      const previous = state.releases[state.releases.length - 2];
      engine.recordChange({
        timestamp: now,
        service: target,
        kind: 'deploy',
        version: previous.version,
        previous_version: current.version,
        description: `Rollback ${target} ${current.version} -> ${previous.version}`,
        author: 'afr',
      });
      engine.schedule.add(now + ROLLOUT_S, `rollback ${target}`, () => {
        state.releases.pop();
        replacePods(state, () => 0.5);
        state.disrupted_until = now + ROLLOUT_S + 30;
      });
      return {
        detail: `rolling back ${target} from ${current.version} to ${previous.version} (about ${ROLLOUT_S}s)`,
        token: { strategy, target, reverted: current },
      };
    }
    case 'config_revert': {
      const current = currentConfig(state);
      const previous = state.configs[state.configs.length - 2];
      const poolNote =
        current.pool_size !== previous.pool_size
          ? `; db.pool.max_size ${current.pool_size} -> ${previous.pool_size}`
          : '';
      engine.recordChange({
        timestamp: now,
        service: target,
        kind: 'config',
        version: previous.version,
        previous_version: current.version,
        description: `Revert config ${current.version} -> ${previous.version}${poolNote}`,
        author: 'afr',
      });
      state.configs.pop();
      engine.rollPoolSize(target, now - 30, previous.pool_size);
      return {
        detail: `reverting ${target} config ${current.version} -> ${previous.version}${poolNote}`,
        token: { strategy, target, reverted: current },
      };
    }
    case 'scale_up': {
      const token: UndoToken = {
        strategy,
        target,
        replicas: state.replicas,
        volume_factor: state.volume_factor,
      };
      const disk = state.spec.stateful ? state.disk_bytes / state.volume_factor : 0;
      if (disk > 0.8) {
        const next = state.volume_factor * 2;
        engine.recordChange({
          timestamp: now,
          service: target,
          kind: 'infra',
          description: `Expand ${target} data volume ${Math.round(state.volume_factor * 100)}% -> ${Math.round(next * 100)}% of original size`,
          author: 'afr',
        });
        engine.schedule.add(now + 30, `expand ${target}`, () => {
          state.volume_factor = next;
          // With room again the archiver catches up and WAL stops piling up.
          state.disk_growth_per_s = 0;
        });
        return { detail: `expanding the data volume of ${target} to ${next}x`, token };
      }
      const utilization = engine.snapshots.get(target)?.utilization ?? 0.5;
      const replicas = Math.min(
        state.replicas * 4,
        Math.max(state.replicas * 2, Math.ceil((state.replicas * utilization) / 0.5)),
      );
      engine.scale(
        target,
        state.replicas,
        now,
        `Scale ${target} replicas ${state.replicas} -> ${replicas}`,
        'afr',
      );
      engine.schedule.add(now + POD_READY_S, `scale ${target}`, () => setReplicas(state, replicas));
      return { detail: `scaling ${target} from ${state.replicas} to ${replicas} replicas`, token };
    }
    case 'restart': {
      engine.recordChange({
        timestamp: now,
        service: target,
        kind: 'infra',
        description: `Rolling restart of ${target}`,
        author: 'afr',
      });
      engine.schedule.add(now + 30, `restart ${target}`, () => {
        replacePods(state, () => 0.5);
        state.disrupted_until = now + 30 + POD_READY_S;
      });
      return { detail: `rolling restart of ${target} (${state.replicas} pods)`, token: { strategy, target } };
    }
    case 'circuit_breaker': {
      for (const edge of engine.graph.callers(target)) {
        engine.recordChange({
          timestamp: now,
          service: edge.from,
          kind: 'config',
          description: `circuit breaker for calls to ${target} forced open (fallback responses)`,
          author: 'afr',
        });
      }
      engine.schedule.add(now + 5, `breaker ${target}`, () => {
        state.breaker_open = true;
      });
      return {
        detail: `opened circuit breakers to ${target} in ${engine.graph
          .callers(target)
          .map((e) => e.from)
          .join(', ')}`,
        token: { strategy, target },
      };
    }
    case 'failover': {
      const token: UndoToken = { strategy, target, host: state.host, host_slowdown: state.host_slowdown };
      const nodes = new Set(engine.graph.topology.services.map((s) => s.host));
      const host = `node-${nodes.size + 1}`;
      engine.recordChange({
        timestamp: now,
        service: target,
        kind: 'infra',
        description: `Failover ${target} from ${state.host} to ${host}`,
        author: 'afr',
      });
      engine.schedule.add(now + ROLLOUT_S, `failover ${target}`, () => {
        state.host = host;
        state.host_slowdown = 1;
        state.disrupted_until = now + ROLLOUT_S + 30;
      });
      return { detail: `failing ${target} over from ${state.host} to ${host}`, token };
    }
    default: {
      const admitted = engine.traffic.admitted;
      for (const s of engine.graph.topology.services.filter((x) => x.entry_weight > 0)) {
        engine.recordChange({
          timestamp: now,
          service: s.name,
          kind: 'config',
          description: `load shedding: admit ${Math.round(admitted * 60)}% of incoming traffic`,
          author: 'afr',
        });
      }
      engine.traffic.admitted = admitted * 0.6;
      return {
        detail: `shedding 40% of incoming traffic (requested for ${target})`,
        token: { strategy: 'shed_load', target, admitted },
      };
    }
  }
}

/** Reverses an applied effect as far as physics allows. */
export function undoEffect(engine: WorldEngine, token: UndoToken, now: number): string {
  const state = engine.state(token.target);
  switch (token.strategy) {
    case 'rollback': {
      const release = token.reverted as { version: string; commit: string };
      engine.deploy(
        token.target,
        { ...release },
        now,
        `Redeploy ${token.target} ${release.version} (undo rollback)`,
        'afr',
      );
      return `redeployed ${token.target} ${release.version}`;
    }
    case 'config_revert':
      engine.applyConfig(
        token.target,
        { ...token.reverted },
        now,
        `Reapply config ${token.reverted.version} (undo revert)`,
        'afr',
      );
      return `reapplied config ${token.reverted.version} on ${token.target}`;
    case 'scale_up':
      engine.scale(
        token.target,
        token.replicas,
        now,
        `Scale ${token.target} back to ${token.replicas} replicas`,
        'afr',
      );
      return `scaled ${token.target} back to ${token.replicas} replicas; volumes cannot shrink and keep their size`;
    case 'restart':
      return 'a restart cannot be undone; nothing changed';
    case 'circuit_breaker':
      state.breaker_open = false;
      for (const edge of engine.graph.callers(token.target)) {
        engine.recordChange({
          timestamp: now,
          service: edge.from,
          kind: 'config',
          description: `circuit breaker for calls to ${token.target} closed`,
          author: 'afr',
        });
      }
      return `closed circuit breakers to ${token.target}`;
    case 'failover':
      state.host = token.host;
      state.host_slowdown = token.host_slowdown;
      engine.recordChange({
        timestamp: now,
        service: token.target,
        kind: 'infra',
        description: `Fail back ${token.target} to ${token.host}`,
        author: 'afr',
      });
      return `moved ${token.target} back to ${token.host}`;
    case 'shed_load':
      engine.traffic.admitted = token.admitted;
      return 'restored full admission of incoming traffic';
  }
}
