/**
 * SimWorld: a simulated cloud stepping in simulated time. Each step computes the physics,
 * writes metrics, traces, logs and changes into its TelemetryStore, and evaluates alert
 * rules. The investigation reads only the store (through the ports); `truth` is for
 * evaluation.
 */
import type { TelemetryStore } from '../connectors/memory/index.js';
import { Alert, type Clock, type Topology } from '../core/index.js';
import { SimActuator } from './actuator/sim-actuator.js';
import { AlertEvaluator, type Firing } from './alerts/alert-rules.js';
import { emitLogs } from './emit/log-emitter.js';
import { emitMetrics } from './emit/metric-emitter.js';
import { emitTraces } from './emit/trace-emitter.js';
import { WorldEngine } from './engine/world-engine.js';
import { Rng } from './random.js';
import { scheduleBackgroundChanges } from './scenarios/background-changes.js';
import { type FaultPlan, planFault } from './scenarios/fault-plans.js';
import { type GroundTruth, isScenarioName, type ScenarioName } from './scenarios/scenario-names.js';
import { shopTopology } from './topology/shop-topology.js';
import type { SimTopology } from './topology/sim-topology.js';

export interface SimOptions {
  scenario: ScenarioName;
  seed: number;
  /** Simulated seconds per step (default 15). */
  stepSeconds?: number;
  /** The topology to simulate (default: the shop). */
  topology?: SimTopology;
}

/** 2026-03-01T00:00:00Z: worlds start on a day derived from the seed. */
const EPOCH = 1772323200;
/** Alertmanager's group_wait before the first notification. */
const NOTIFICATION_DELAY_S = 30;
const DEFAULT_MAX_SECONDS = 4 * 3600;
/** Routine changes are planned this far ahead. */
const CHANGE_HORIZON_S = 6 * 3600;

export class SimWorld {
  readonly store: TelemetryStore;
  readonly topology: Topology;
  readonly clock: Clock;
  readonly actuator: SimActuator;
  readonly truth: GroundTruth;
  /** @internal The mutable world; the actuator and tests reach into it. */
  readonly engine: WorldEngine;
  private readonly plan: FaultPlan;
  private readonly evaluator = new AlertEvaluator();
  private readonly noiseRng: Rng;
  private readonly logRng: Rng;
  private readonly traceRng: Rng;
  private readonly services: string[];
  private current: number;
  private firing: Firing | null = null;
  private alert: Alert | null = null;

  constructor(options: SimOptions) {
    const { scenario, seed } = options;
    if (!isScenarioName(String(scenario)))
      throw new Error(`SimOptions.scenario: unknown scenario "${scenario}"`);
    if (!Number.isSafeInteger(seed)) throw new Error(`SimOptions.seed: expected an integer, got ${seed}`);
    const stepSeconds = options.stepSeconds ?? 15;
    if (!(stepSeconds > 0 && stepSeconds <= 300)) {
      throw new Error(`SimOptions.stepSeconds: expected a number in (0, 300], got ${stepSeconds}`);
    }
    const topology = structuredClone(options.topology ?? shopTopology());
    const start = EPOCH + (Math.abs(seed) % 97) * 86400;
    this.engine = new WorldEngine(topology, seed, start, stepSeconds);
    const planRng = Rng.derive(seed, `plan:${scenario}`);
    // On the step grid, so the onset step holds no telemetry from before the fault.
    const onset = start + Math.round((planRng.range(62, 72) * 60) / stepSeconds) * stepSeconds;
    this.plan = planFault(scenario, this.engine, planRng, onset);
    scheduleBackgroundChanges(
      this.engine,
      Rng.derive(seed, 'changes'),
      this.plan,
      start,
      start + CHANGE_HORIZON_S,
    );
    this.truth = { ...this.plan.truth };
    this.topology = this.engine.graph.toCoreTopology((name) => this.engine.state(name).replicas);
    this.store = this.engine.store;
    this.store.topology = this.topology;
    this.services = this.engine.graph.order.filter((name) => !this.engine.graph.isExternal(name));
    this.noiseRng = Rng.derive(seed, 'metrics');
    this.logRng = Rng.derive(seed, 'logs');
    this.traceRng = Rng.derive(seed, 'traces');
    this.actuator = new SimActuator(this);
    this.clock = {
      now: () => this.now(),
      sleep: async (seconds: number, signal?: AbortSignal) => {
        if (signal?.aborted) throw signal.reason;
        this.advance(seconds);
      },
    };
    this.current = start;
    this.stepOnce();
  }

  /** Simulated time, epoch seconds. */
  now(): number {
    return this.current;
  }

  /** When the world's history begins. */
  get start(): number {
    return this.engine.start;
  }

  /** When the fault (or the false alarm's blip) begins. */
  get onset(): number {
    return this.plan.onset;
  }

  /** Moves simulated time forward, computing every step that falls due. */
  advance(seconds: number): void {
    if (!(seconds >= 0) || !Number.isFinite(seconds))
      throw new Error(`advance: expected seconds >= 0, got ${seconds}`);
    const target = this.current + seconds;
    while (this.engine.t + this.engine.stepSeconds <= target + 1e-9) this.stepOnce();
    this.current = target;
  }

  /** Runs the world from its start (history included) until an alert fires and is delivered; null if none within maxSeconds. */
  runUntilAlert(maxSeconds = DEFAULT_MAX_SECONDS): Alert | null {
    const deadline = this.engine.start + maxSeconds;
    while (!this.alert) {
      if (this.firing && this.current >= this.firing.at + NOTIFICATION_DELAY_S) {
        this.alert = this.toAlert(this.firing);
        break;
      }
      if (this.current >= deadline) return null;
      this.advance(this.engine.stepSeconds);
    }
    return this.alert;
  }

  /** True when no fault symptom is active (for tests). */
  isHealthy(): boolean {
    return this.symptoms().length === 0;
  }

  /** The fault symptoms active at the last step, one line each (empty when healthy). */
  symptoms(): string[] {
    const out: string[] = [];
    for (const name of this.services) {
      const snap = this.engine.snapshots.get(name);
      const normal = this.engine.baseline.get(name);
      if (!snap || !normal) continue;
      if (snap.error_rate > 0.03) out.push(`${name}: error_rate ${snap.error_rate.toFixed(3)}`);
      if (snap.latency.p99 > 2.5 * normal.latency.p99) {
        out.push(
          `${name}: p99 ${snap.latency.p99.toFixed(0)}ms vs normal ${normal.latency.p99.toFixed(0)}ms`,
        );
      }
      if (snap.cpu > 0.9) out.push(`${name}: cpu ${snap.cpu.toFixed(2)}`);
      if (snap.memory_fraction > 0.9) out.push(`${name}: memory ${snap.memory_fraction.toFixed(2)} of limit`);
      if ((snap.disk_used ?? 0) > 0.9) out.push(`${name}: disk ${snap.disk_used?.toFixed(3)}`);
      if (snap.pool_pressure > 0.95) out.push(`${name}: pool pressure ${snap.pool_pressure.toFixed(2)}`);
      if (snap.oom_kills > 0) out.push(`${name}: ${snap.oom_kills} OOM kill(s)`);
    }
    return out;
  }

  private stepOnce(): void {
    const engine = this.engine;
    engine.step();
    emitMetrics(engine, this.noiseRng);
    emitTraces(engine, this.traceRng);
    emitLogs(engine, this.logRng);
    engine.flush();
    const firings = this.evaluator.evaluate(engine.store, this.services, engine.t, engine.baseline);
    if (!this.firing && engine.t >= this.plan.onset && firings.length) this.firing = firings[0];
  }

  private toAlert(firing: Firing): Alert {
    const rng = Rng.derive(this.engine.seed, 'alert');
    const spec = this.engine.graph.byName.get(firing.service);
    const severity =
      spec && (spec.tier === 'frontend' || spec.tier === 'gateway' || spec.criticality === 'critical')
        ? 'critical'
        : 'high';
    return Alert.create({
      id: `ALERT-${rng.hex(8)}`,
      timestamp: firing.at,
      service: firing.service,
      severity,
      message: firing.summary,
      labels: { alertname: firing.rule.name, service: firing.service, severity },
      annotations: { summary: firing.summary, delivered_at: String(firing.at + NOTIFICATION_DELAY_S) },
      source: 'simulator',
      fingerprint: rng.hex(16),
    });
  }
}

/** Builds a world for a scenario and seed; throws an Error naming the bad option. */
export function createSimWorld(options: SimOptions): SimWorld {
  return new SimWorld(options);
}
