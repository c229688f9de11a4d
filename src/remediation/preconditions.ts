/**
 * Evaluates a strategy's declared preconditions against what afr knows: the change
 * findings, the topology, and the actuator's `describe()` of the target when the caller
 * fetched it. A precondition is met, unmet (the strategy cannot run) or unknown (assumed,
 * noted, and counted as risk). Met preconditions may contribute actuator parameters.
 */
import type { ChangeFinding, Finding, Topology } from '../core/index.js';
import type { PreconditionName, StrategySpec } from './strategies.js';

export interface PlanningFacts {
  service: string;
  findings: readonly Finding[];
  topology: Topology | undefined;
  /** The actuator's `describe()` of the service, when known. */
  state?: Record<string, unknown>;
}

export type PreconditionCheck =
  | { status: 'met' | 'unknown'; note?: string; params: Record<string, unknown> }
  | { status: 'unmet'; reason: string };

export type PreconditionsResult =
  | { ok: true; params: Record<string, unknown>; unverified: string[] }
  | { ok: false; reason: string };

/** All of a strategy's preconditions: the first unmet one decides; unknown ones are listed. */
export function checkPreconditions(spec: StrategySpec, facts: PlanningFacts): PreconditionsResult {
  const params: Record<string, unknown> = {};
  const unverified: string[] = [];
  for (const name of spec.preconditions) {
    const check = PRECONDITIONS[name](facts);
    if (check.status === 'unmet') return { ok: false, reason: check.reason };
    Object.assign(params, check.params);
    if (check.status === 'unknown') unverified.push(check.note ?? `${name} not verified`);
  }
  return { ok: true, params, unverified };
}

const met = (params: Record<string, unknown> = {}): PreconditionCheck => ({ status: 'met', params });
const unknown = (note: string): PreconditionCheck => ({ status: 'unknown', note, params: {} });
const unmet = (reason: string): PreconditionCheck => ({ status: 'unmet', reason });

export const PRECONDITIONS: Record<PreconditionName, (facts: PlanningFacts) => PreconditionCheck> = {
  not_external(f) {
    const tier = f.state?.tier ?? nodeOf(f)?.tier;
    return tier === 'external'
      ? unmet(`${f.service} is an external provider; it is not ours to change`)
      : met();
  },

  previous_revision(f) {
    const deploy = latestChange(f, ['deploy']);
    const statePrevious = f.state?.previous_version;
    if (deploy) {
      if (deploy.previous_version == null && f.state && statePrevious === null) {
        return unmet('the deployed revision has no previous version to roll back to');
      }
      return met({
        to_version: deploy.previous_version ?? (typeof statePrevious === 'string' ? statePrevious : null),
        from_version: deploy.version ?? null,
      });
    }
    if (typeof statePrevious === 'string' && statePrevious) {
      return met({ to_version: statePrevious, from_version: stringOr(f.state?.version) });
    }
    return unmet(
      f.state
        ? 'no deploy of the service in the change history, and the actuator knows no previous revision'
        : 'no deploy of the service in the change history',
    );
  },

  config_history(f) {
    const config = latestChange(f, ['config', 'feature_flag']);
    if (config) {
      return met({
        to_version: config.previous_version ?? null,
        from_version: config.version ?? null,
        change: config.description ?? null,
      });
    }
    const previous = f.state?.previous_config_version;
    if (typeof previous === 'string' && previous) {
      return met({ to_version: previous, from_version: stringOr(f.state?.config_version), change: null });
    }
    return unmet('no config history for the service');
  },

  scaling_headroom(f) {
    const s = f.state ?? {};
    const replicas = numberOr(s.replicas);
    const max = numberOr(s.max_replicas) ?? numberOr(s.hpa_max_replicas);
    const quota = numberOr(s.quota_headroom);
    if (quota !== null && quota <= 0) return unmet(`${f.service} has no quota headroom left`);
    if (replicas !== null && max !== null) {
      if (replicas >= max) return unmet(`${f.service} is already at its maximum of ${max} replicas`);
      const to = Math.min(max, replicas + Math.max(1, Math.ceil(replicas / 2)));
      return met({ from_replicas: replicas, to_replicas: to });
    }
    if (replicas !== null)
      return {
        status: 'unknown',
        note: 'scaling headroom not verified',
        params: { from_replicas: replicas },
      };
    return unknown('scaling headroom not verified');
  },

  multiple_replicas(f) {
    const described = numberOr(f.state?.replicas);
    if (described !== null) {
      return described > 1
        ? met({ replicas: described })
        : unmet(`${f.service} runs ${described} replica(s): a rolling restart would be an outage`);
    }
    const listed = nodeOf(f)?.replicas;
    if (listed !== undefined && listed > 1) return met({ replicas: listed });
    return unknown('replica count not verified: a rolling restart needs more than one');
  },

  has_callers(f) {
    if (!f.topology) return unknown('callers not verified without a topology');
    const callers = f.topology.dependencies.filter((d) => d.to === f.service).map((d) => d.from);
    return callers.length
      ? met({ callers: [...new Set(callers)].sort() })
      : unmet(`${f.service} has no callers to open a breaker in`);
  },

  healthy_standby(f) {
    const s = f.state ?? {};
    if (s.standby_available === false || s.healthy_hosts === 0) {
      return unmet(`no healthy standby for ${f.service}`);
    }
    if (s.standby_available === true || (numberOr(s.healthy_hosts) ?? 0) > 0) return met();
    return unknown('healthy standby not verified');
  },
};

function latestChange(f: PlanningFacts, kinds: readonly string[]): ChangeFinding | undefined {
  let best: ChangeFinding | undefined;
  for (const finding of f.findings) {
    if (finding.kind !== 'change' || finding.service !== f.service || !kinds.includes(finding.change_kind))
      continue;
    if (!best || finding.timestamp > best.timestamp) best = finding;
  }
  return best;
}

function nodeOf(f: PlanningFacts) {
  return f.topology?.services.find((s) => s.name === f.service);
}

function numberOr(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function stringOr(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
