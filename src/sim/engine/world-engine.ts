/**
 * The mutable simulated world: service states, traffic, scheduled events and the store
 * that every step writes into. Scenarios, routine changes and the actuator act on it
 * through these methods; emitters read its snapshots.
 */
import { TelemetryStore } from '../../connectors/memory/index.js';
import type { ChangeEvent, LogLevel, LogRecord, Span } from '../../core/index.js';
import { Rng } from '../random.js';
import { type SimTopology, TopologyGraph } from '../topology/sim-topology.js';
import { advanceResources } from './dynamics.js';
import { computeSnapshots, type ServiceSnapshot, trafficFactor } from './physics.js';
import { Schedule } from './schedule.js';
import {
  type ConfigRevision,
  currentConfig,
  currentRelease,
  initialServiceState,
  type Release,
  replacePods,
  type ServiceState,
  setReplicas,
  type TrafficState,
} from './world-state.js';

/** A log line an event asks for (deploy started, pool resized...), emitted with the next step. */
export interface EventNote {
  service: string;
  level: LogLevel;
  message: string;
}

/** A short disturbance that only shows in the emitted telemetry (noise, red herrings). */
export interface EmissionBlip {
  service: string;
  start: number;
  end: number;
  latency_factor: number;
  error_add: number;
}

const AUTHORS = ['alice', 'bob', 'carol', 'deploy-bot', 'dmitri', 'erin', 'farah', 'argo-cd'];

export class WorldEngine {
  readonly graph: TopologyGraph;
  readonly states = new Map<string, ServiceState>();
  readonly store = new TelemetryStore();
  readonly schedule = new Schedule();
  readonly traffic: TrafficState;
  readonly notes: EventNote[] = [];
  readonly emissionBlips: EmissionBlip[] = [];
  /** Time of the last computed step. */
  t: number;
  snapshots = new Map<string, ServiceSnapshot>();
  /** Healthy snapshots at the world's start: the "normal" alert rules compare against. */
  readonly baseline: Map<string, ServiceSnapshot>;
  private readonly dynamicsRng: Rng;
  private pendingLogs: LogRecord[] = [];
  private stepSpans: Span[] = [];
  private changeSeq = 0;
  private configSeq = new Map<string, number>();

  constructor(
    topology: SimTopology,
    readonly seed: number,
    readonly start: number,
    readonly stepSeconds: number,
  ) {
    this.graph = new TopologyGraph(topology);
    const rng = Rng.derive(seed, 'world');
    for (const spec of topology.services) {
      const version = `v${rng.int(1, 4)}.${rng.int(0, 30)}.${rng.int(0, 9)}`;
      const state = initialServiceState(spec, rng.range(0.82, 1.18), version, rng.hex(7));
      for (const pod of state.pods) {
        pod.memory_fraction = spec.base_memory_fraction * rng.range(0.95, 1.05);
        pod.leak_jitter = rng.range(0.85, 1.15);
      }
      this.states.set(spec.name, state);
    }
    this.traffic = { surge: null, admitted: 1, diurnal_offset_s: rng.range(0, 86400) };
    this.dynamicsRng = Rng.derive(seed, 'dynamics');
    this.t = start - stepSeconds;
    this.baseline = this.preview(start);
  }

  state(name: string): ServiceState {
    const state = this.states.get(name);
    if (!state) throw new Error(`unknown service "${name}"`);
    return state;
  }

  entryRps(t: number): number {
    return this.graph.topology.entry_rps * trafficFactor(this.traffic, t);
  }

  /** Snapshots at time t from the current state, without advancing anything. */
  preview(t: number): Map<string, ServiceSnapshot> {
    return computeSnapshots(this.graph, this.states, this.entryRps(t), t);
  }

  /** Computes the next step; the caller emits its telemetry. */
  step(): void {
    const t = this.t + this.stepSeconds;
    // Telemetry of the step covers (t - step, t]: only changes made by its start show in it.
    this.schedule.runDue(t - this.stepSeconds);
    for (const [name, state] of this.states) {
      if (!this.graph.isExternal(name)) advanceResources(state, this.stepSeconds, this.dynamicsRng);
    }
    this.t = t;
    this.snapshots = this.preview(t);
  }

  /** Records a change event, with an id and an author. */
  recordChange(change: Omit<ChangeEvent, 'id' | 'author'> & { author?: string }): ChangeEvent {
    const rng = Rng.derive(this.seed, `change-${this.changeSeq}`);
    const event: ChangeEvent = {
      ...change,
      timestamp: Math.round(change.timestamp * 1000) / 1000,
      author: change.author ?? rng.pick(AUTHORS),
      id: `chg-${(this.changeSeq++).toString().padStart(4, '0')}-${rng.hex(6)}`,
    };
    this.store.addChange(event);
    return event;
  }

  /** A release identifier after the current one. */
  nextVersion(service: string, rng: Rng): string {
    const current = currentRelease(this.state(service)).version;
    const [major, minor, patch] = current.replace(/^v/, '').split('.').map(Number);
    return rng.chance(0.6) ? `v${major}.${minor}.${patch + 1}` : `v${major}.${minor + 1}.0`;
  }

  nextConfigVersion(service: string): string {
    const current = currentConfig(this.state(service)).version;
    const seq = Math.max(this.configSeq.get(service) ?? 1, Number(current.replace('cfg-', ''))) + 1;
    this.configSeq.set(service, seq);
    return `cfg-${seq}`;
  }

  /** Rolls out a release now: new pods (fresh heaps), a brief disruption, a deploy event. */
  deploy(service: string, release: Release, at: number, description: string, author?: string): ChangeEvent {
    const state = this.state(service);
    const previous = currentRelease(state).version;
    state.releases.push(release);
    replacePods(state, () => this.dynamicsRng.next());
    state.disrupted_until = at + 45;
    this.notes.push({ service, level: 'info', message: startupMessage(state, release.version) });
    return this.recordChange({
      timestamp: at,
      service,
      kind: 'deploy',
      version: release.version,
      previous_version: previous,
      description,
      author,
    });
  }

  /**
   * Applies a config revision; pods reload it one at a time (a rolling restart), so a
   * pool change takes effect over a few minutes.
   */
  applyConfig(
    service: string,
    revision: ConfigRevision,
    at: number,
    description: string,
    author?: string,
  ): ChangeEvent {
    const state = this.state(service);
    const previous = currentConfig(state).version;
    state.configs.push(revision);
    this.rollPoolSize(service, at, revision.pool_size);
    return this.recordChange({
      timestamp: at,
      service,
      kind: 'config',
      version: revision.version,
      previous_version: previous,
      description,
      author,
    });
  }

  /** Pods pick up a new pool size one by one, each some 60-80 s after the previous. */
  rollPoolSize(service: string, at: number, poolSize: number | undefined): void {
    if (poolSize === undefined) return;
    const state = this.state(service);
    let when = at;
    for (let i = 0; i < state.pods.length; i++) {
      when += 60 + 20 * this.dynamicsRng.next();
      const index = i;
      this.schedule.add(when, `pool ${service}#${index}`, () => {
        const pod = state.pods[index];
        if (!pod || pod.pool_size === poolSize) return;
        const before = pod.pool_size;
        pod.pool_size = poolSize;
        this.notes.push({ service, level: 'info', message: poolResizeMessage(state, before, poolSize) });
      });
    }
  }

  scale(service: string, replicas: number, at: number, description: string, author?: string): ChangeEvent {
    const state = this.state(service);
    const before = state.replicas;
    setReplicas(state, replicas);
    return this.recordChange({
      timestamp: at,
      service,
      kind: 'scale',
      description: description || `replicas ${before} -> ${replicas}`,
      author,
    });
  }

  /** Queues a log line; lines reach the store in time order once their time has come. */
  log(record: LogRecord): void {
    this.pendingLogs.push(record);
  }

  span(span: Span): void {
    this.stepSpans.push(span);
  }

  /**
   * Moves this step's spans and every due log line into the store, sorted, so readers that
   * binary-search by time see ordered data. Lines that end after now wait for their step.
   */
  flush(): void {
    this.stepSpans = this.moveDue(
      this.stepSpans,
      (x) => x.start,
      (x) => this.store.addSpan(x),
    );
    this.pendingLogs = this.moveDue(
      this.pendingLogs,
      (x) => x.timestamp,
      (x) => this.store.addLog(x),
    );
  }

  /** Appends the due items in time order; returns the ones still in the future. */
  private moveDue<T>(items: T[], time: (item: T) => number, add: (item: T) => void): T[] {
    const due = items.filter((x) => time(x) <= this.t);
    due.sort((a, b) => time(a) - time(b));
    for (const item of due) add(item);
    return items.filter((x) => time(x) > this.t);
  }

  /** Notes buffered by events, cleared as they are read. */
  takeNotes(): EventNote[] {
    return this.notes.splice(0, this.notes.length);
  }

  blipsAt(service: string, t: number): EmissionBlip | undefined {
    return this.emissionBlips.find((b) => b.service === service && t >= b.start && t < b.end);
  }
}

function startupMessage(state: ServiceState, version: string): string {
  const name = state.spec.name;
  switch (state.spec.language) {
    case 'java':
      return `Started ${pascal(name)}Application in ${(6 + name.length / 3).toFixed(3)} seconds (version ${version})`;
    case 'python':
      return `Application startup complete. ${name} ${version} listening on 0.0.0.0:8000`;
    case 'node':
      return `${name}@${version} listening on port 3000`;
    case 'go':
      return `level=info msg="starting server" service=${name} version=${version} addr=:8080`;
    default:
      return `${name} ${version} ready to accept connections`;
  }
}

function poolResizeMessage(state: ServiceState, before: number, after: number): string {
  switch (state.spec.language) {
    case 'java':
      return `HikariPool-1 - Starting... configuration maximumPoolSize=${after} (was ${before})`;
    case 'python':
      return `sqlalchemy.pool.impl.QueuePool: pool re-created, pool_size=${after} max_overflow=0 (was ${before})`;
    case 'node':
      return `knex pool reconfigured min=2 max=${after} (was ${before})`;
    default:
      return `pgxpool configured max_conns=${after} (was ${before})`;
  }
}

/** payment-service -> PaymentService */
export function pascal(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}
