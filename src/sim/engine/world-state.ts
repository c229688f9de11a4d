import type { SimService } from '../topology/sim-topology.js';

/** A code defect a release carries; its effects follow from the physics, not from labels. */
export interface Defect {
  /** Heap growth per pod, fraction of the memory limit per minute. */
  leak_per_min?: number;
  /** Extra share of requests that throw. */
  error_rate?: number;
  /** Key of the novel exception this build throws (see emit/failure-messages). */
  exception?: string;
}

export interface Release {
  version: string;
  commit: string;
  defect?: Defect;
}

export interface ConfigRevision {
  version: string;
  /** Per-pod DB pool size this revision sets. */
  pool_size?: number;
}

export interface PodState {
  memory_fraction: number;
  pool_size: number;
  /** Per-pod jitter of the leak rate, so OOM kills do not happen in lockstep. */
  leak_jitter: number;
}

/** A self-clearing disturbance (the false alarm's blip). */
export interface Blip {
  start: number;
  end: number;
  error_rate: number;
  latency_factor: number;
}

/** Everything mutable about one service; the engine derives its metrics from this. */
export interface ServiceState {
  spec: SimService;
  replicas: number;
  /** Seeded per-world variation of per-replica capacity. */
  capacity_factor: number;
  pods: PodState[];
  releases: Release[];
  configs: ConfigRevision[];
  host: string;
  /** Own service time multiplier of a degraded host (noisy neighbour); 1 when healthy. */
  host_slowdown: number;
  /** Disk bytes in use relative to the original volume size. */
  disk_bytes: number;
  /** Volume size relative to the original (an expanded volume is > 1). */
  volume_factor: number;
  /** Growth of disk_bytes per second (WAL piling up). */
  disk_growth_per_s: number;
  restarts: number;
  /** Until then, a rollout or restart disrupts a little (cold caches, draining pods). */
  disrupted_until: number;
  /** Callers fail fast with a fallback instead of calling this service. */
  breaker_open: boolean;
  /** Degradation of the dependency itself (used for external providers). */
  extra_latency_factor: number;
  hang_fraction: number;
  error_fraction: number;
  blip: Blip | null;
  /** OOM kills during the current step (for the error burst and the logs). */
  oom_kills: number;
}

export interface TrafficState {
  /** Surge: from `start`, the multiplier ramps to `factor` over `ramp_s` seconds. */
  surge: { start: number; ramp_s: number; factor: number } | null;
  /** Outside traffic kept after load shedding (1 = none shed). */
  admitted: number;
  /** Phase of the diurnal curve, seconds. */
  diurnal_offset_s: number;
}

export function currentRelease(state: ServiceState): Release {
  return state.releases[state.releases.length - 1];
}

export function currentConfig(state: ServiceState): ConfigRevision {
  return state.configs[state.configs.length - 1];
}

/** Builds the resting state of a service. */
export function initialServiceState(
  spec: SimService,
  capacityFactor: number,
  version: string,
  commit: string,
): ServiceState {
  const pods: PodState[] = [];
  for (let i = 0; i < spec.replicas; i++) {
    pods.push({ memory_fraction: spec.base_memory_fraction, pool_size: spec.pool_size ?? 0, leak_jitter: 1 });
  }
  return {
    spec,
    replicas: spec.replicas,
    capacity_factor: capacityFactor,
    pods,
    releases: [{ version, commit }],
    configs: [{ version: 'cfg-1', ...(spec.pool_size ? { pool_size: spec.pool_size } : {}) }],
    host: spec.host,
    host_slowdown: 1,
    disk_bytes: spec.base_disk_fraction ?? 0,
    volume_factor: 1,
    disk_growth_per_s: 0,
    restarts: 0,
    disrupted_until: Number.NEGATIVE_INFINITY,
    breaker_open: false,
    extra_latency_factor: 1,
    hang_fraction: 0,
    error_fraction: 0,
    blip: null,
    oom_kills: 0,
  };
}

/** Resizes the pod list (scale events), new pods start fresh. */
export function setReplicas(state: ServiceState, replicas: number): void {
  const poolSize = currentConfig(state).pool_size ?? 0;
  while (state.pods.length < replicas) {
    state.pods.push({
      memory_fraction: state.spec.base_memory_fraction,
      pool_size: poolSize,
      leak_jitter: 1,
    });
  }
  state.pods.length = replicas;
  state.replicas = replicas;
}

/** Replaces every pod (rollout, restart): memory back to rest, pools from the current config. */
export function replacePods(state: ServiceState, jitter: () => number): void {
  const poolSize = currentConfig(state).pool_size ?? 0;
  state.pods = state.pods.map(() => ({
    memory_fraction: state.spec.base_memory_fraction * (0.95 + 0.1 * jitter()),
    pool_size: poolSize,
    leak_jitter: 0.85 + 0.3 * jitter(),
  }));
}
