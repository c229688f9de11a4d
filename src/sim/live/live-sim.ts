/**
 * The simulated cloud at wall-clock pace, for real scrapers. Simulated time runs `speed`
 * times faster than wall time (default 15: one 15-second step per wall second), so a fault
 * unfolds in tens of seconds. The world's quiet history is fast-forwarded so the fault
 * starts `faultAfterSeconds` of wall time after start (or at once on `injectFault`).
 * Everything served (logs, changes, spans) is stamped in wall time; metrics are exposed
 * as Prometheus counters and gauges whose rates are in simulated units per second.
 * Ground truth stays inside: nothing here serves it.
 */
import type { ActionReceipt } from '../../core/ports.js';
import type { ChangeEvent, LogRecord, Span, Topology } from '../../core/telemetry.js';
import type { Strategy } from '../../core/vocabulary.js';
import type { ScenarioName } from '../scenarios/scenario-names.js';
import { createSimWorld, type SimWorld } from '../world.js';
import { MetricsExposition, type ServiceSample } from './metrics-exposition.js';

export interface LiveSimOptions {
  scenario: ScenarioName;
  seed?: number;
  /** Simulated seconds per wall second (default 15). */
  speed?: number;
  /** Wall seconds from start until the fault begins (default 30). */
  faultAfterSeconds?: number;
  /** Wall clock in epoch milliseconds (tests inject one). */
  nowMs?: () => number;
}

export interface FaultStatus {
  scenario: ScenarioName;
  /** Wall time (epoch s) the fault begins or began. */
  onset: number;
  active: boolean;
  cleared: boolean;
}

const EXPOSED_METRICS = [
  'rps',
  'error_rate',
  'latency_p50',
  'latency_p95',
  'latency_p99',
  'cpu',
  'memory',
  'memory_limit',
  'db_connections_used',
  'db_connections_max',
  'gc_pause',
  'disk_used',
  'restarts',
  'network_rx',
  'network_tx',
];

export class LiveSim {
  readonly world: SimWorld;
  readonly speed: number;
  readonly scenario: ScenarioName;
  private readonly exposition = new MetricsExposition();
  private readonly nowMs: () => number;
  private wallAnchor: number;
  private simAnchor: number;
  private lastWall: number;
  /** Simulated intervals skipped by injectFault: their events never happened in wall time. */
  private readonly skipped: [number, number][] = [];
  private cleared = false;

  constructor(options: LiveSimOptions) {
    this.scenario = options.scenario;
    this.speed = options.speed ?? 15;
    if (!(this.speed > 0 && this.speed <= 300))
      throw new Error(`speed: expected (0, 300], got ${this.speed}`);
    const faultAfter = options.faultAfterSeconds ?? 30;
    if (!(faultAfter >= 0)) throw new Error(`faultAfterSeconds: expected >= 0, got ${faultAfter}`);
    this.nowMs = options.nowMs ?? Date.now;
    this.world = createSimWorld({ scenario: options.scenario, seed: options.seed ?? 1 });
    const liveFrom = Math.max(this.world.start, this.world.onset - faultAfter * this.speed);
    this.world.advance(liveFrom - this.world.now());
    this.simAnchor = this.world.now();
    this.wallAnchor = this.nowMs() / 1000;
    this.lastWall = this.wallAnchor;
    this.exposition.advance(this.latestSamples(), 0);
  }

  toWall(simT: number): number {
    return this.wallAnchor + (simT - this.simAnchor) / this.speed;
  }

  toSim(wallT: number): number {
    return this.simAnchor + (wallT - this.wallAnchor) * this.speed;
  }

  /** Brings the world up to the wall clock and accounts the elapsed traffic. */
  tick(): void {
    const now = this.nowMs() / 1000;
    const target = this.toSim(now);
    if (target > this.world.now()) this.world.advance(target - this.world.now());
    const dt = now - this.lastWall;
    if (dt > 0) {
      this.exposition.advance(this.latestSamples(), dt);
      this.lastWall = now;
    }
  }

  /** The Prometheus text exposition, current as of now. */
  metricsText(openMetrics = false): string {
    this.tick();
    return this.exposition.render({ openMetrics });
  }

  fault(): FaultStatus {
    const onset = this.toWall(this.world.onset);
    return {
      scenario: this.scenario,
      onset,
      active: !this.cleared && this.world.now() >= this.world.onset,
      cleared: this.cleared,
    };
  }

  /** Starts the fault now if it has not begun. */
  injectFault(): FaultStatus {
    this.tick();
    const now = this.world.now();
    if (now < this.world.onset) {
      this.skipped.push([now, this.world.onset]);
      this.world.advance(this.world.onset - now);
      this.simAnchor = this.world.now();
      this.wallAnchor = this.nowMs() / 1000;
      this.lastWall = this.wallAnchor;
    }
    return this.fault();
  }

  /** Ends the fault the way an operator would: the scenario's own remedy. */
  async clearFault(): Promise<{ status: FaultStatus; detail: string }> {
    this.tick();
    const { service, remediation } = this.world.truth;
    if (!service || remediation === 'none') {
      this.cleared = true;
      return { status: this.fault(), detail: 'nothing to clear: this scenario has no fault' };
    }
    const receipt = await this.apply(remediation as Strategy, service);
    this.cleared = true;
    return { status: this.fault(), detail: receipt.detail };
  }

  async apply(strategy: Strategy, target: string): Promise<ActionReceipt> {
    this.tick();
    const step = {
      id: `live-${strategy}-${target}`,
      strategy,
      target,
      description: '',
      estimated_duration_s: 0,
      params: {},
    };
    const outcome = await this.world.actuator.apply(step, { signal: AbortSignal.timeout(5000) });
    if (outcome.kind !== 'ok') throw new Error(outcome.kind === 'error' ? outcome.message : 'no result');
    return outcome.data;
  }

  async undo(strategy: Strategy, target: string, receipt: ActionReceipt): Promise<ActionReceipt> {
    this.tick();
    const step = {
      id: `live-${strategy}-${target}`,
      strategy,
      target,
      description: '',
      estimated_duration_s: 0,
      params: {},
    };
    const outcome = await this.world.actuator.undo(step, receipt, { signal: AbortSignal.timeout(5000) });
    if (outcome.kind !== 'ok') throw new Error(outcome.kind === 'error' ? outcome.message : 'no result');
    return outcome.data;
  }

  async describe(target: string): Promise<Record<string, unknown>> {
    const outcome = await this.world.actuator.describe(target, { signal: AbortSignal.timeout(5000) });
    if (outcome.kind !== 'ok') throw new Error(outcome.kind === 'error' ? outcome.message : 'no result');
    return outcome.data;
  }

  topology(): Topology {
    return this.world.topology;
  }

  /** Logs between two wall times (epoch s), stamped in wall time. */
  logs(start: number, end: number): LogRecord[] {
    this.tick();
    return this.inWall(this.world.store.logs, (r) => r.timestamp, start, end).map((r) => ({
      ...r,
      timestamp: round3(this.toWall(r.timestamp)),
    }));
  }

  changes(start: number, end: number): ChangeEvent[] {
    this.tick();
    return this.inWall(this.world.store.changes, (c) => c.timestamp, start, end).map((c) => ({
      ...c,
      timestamp: round3(this.toWall(c.timestamp)),
    }));
  }

  spans(start: number, end: number): Span[] {
    this.tick();
    return this.inWall(this.world.store.spans, (s) => s.start, start, end).map((s) => ({
      ...s,
      start: round3(this.toWall(s.start)),
    }));
  }

  private inWall<T>(items: readonly T[], time: (item: T) => number, start: number, end: number): T[] {
    const from = this.toSim(start);
    const to = Math.min(this.toSim(end), this.world.now());
    return items.filter((item) => {
      const t = time(item);
      return t >= from && t <= to && !this.skipped.some(([a, b]) => t > a && t < b);
    });
  }

  private latestSamples(): Map<string, ServiceSample> {
    const t = this.world.engine.t;
    const range = { start: t - this.world.engine.stepSeconds + 1e-6, end: t };
    const out = new Map<string, ServiceSample>();
    for (const service of this.world.store.services()) {
      const sample: ServiceSample = {};
      for (const metric of EXPOSED_METRICS) {
        const points = this.world.store.points(metric, service, range);
        const last = points[points.length - 1];
        if (last) sample[metric] = last[1];
      }
      if (Object.keys(sample).length) out.set(service, sample);
    }
    return out;
  }
}

function round3(t: number): number {
  return Math.round(t * 1000) / 1000;
}
