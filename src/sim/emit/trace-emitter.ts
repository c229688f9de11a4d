/**
 * Samples a few traces per step from the entry services down the call graph. Span
 * durations and errors are drawn from the same snapshots as the metrics, and every span
 * writes its access-log line (and error line) with the trace and span ids, so the same
 * trace_id shows in caller and callee logs.
 */
import type { OwnErrorKind, ServiceSnapshot } from '../engine/physics.js';
import type { WorldEngine } from '../engine/world-engine.js';
import { currentRelease } from '../engine/world-state.js';
import type { Rng } from '../random.js';
import type { SimService } from '../topology/sim-topology.js';
import { calleeFailure } from './callee-failure-messages.js';
import { ownFailure } from './failure-messages.js';
import { round, roundTime } from './metric-emitter.js';
import { requestLine } from './routine-lines.js';

const TRACES_PER_STEP = 4;
const MAX_DEPTH = 8;

interface VisitResult {
  duration_ms: number;
  error: boolean;
}

export function emitTraces(engine: WorldEngine, rng: Rng): void {
  const entries = engine.graph.topology.services.filter((s) => s.entry_weight > 0);
  if (entries.length === 0) return;
  const total = entries.reduce((sum, s) => sum + s.entry_weight, 0);
  for (let i = 0; i < TRACES_PER_STEP; i++) {
    let pick = rng.next() * total;
    const entry =
      entries.find((s) => {
        pick -= s.entry_weight;
        return pick < 0;
      }) ?? entries[0];
    const start = engine.t - engine.stepSeconds + rng.next() * engine.stepSeconds;
    new TraceWalk(engine, rng, rng.hex(32)).visit(entry, null, start, rng.pick(entry.operations), 0);
  }
}

class TraceWalk {
  constructor(
    private readonly engine: WorldEngine,
    private readonly rng: Rng,
    private readonly traceId: string,
  ) {}

  visit(
    service: SimService,
    parent: string | null,
    start: number,
    operation: string,
    depth: number,
  ): VisitResult {
    const { engine, rng } = this;
    const snap = engine.snapshots.get(service.name) as ServiceSnapshot;
    const spanId = rng.hex(16);
    const hang = rng.chance(snap.hang_fraction);
    let own = hang ? snap.hang_ms : sampleLatency(snap.own.p50, rng);
    const ownKind = rng.chance(snap.own_error_rate) ? pickKind(snap, rng) : null;
    let cursor = start + (own * 0.3) / 1000;
    let failedCallee: { callee: SimService; mode: 'timeout' | 'error'; timeout: number } | null = null;
    if (!hang && depth < MAX_DEPTH) {
      for (const edge of engine.graph.callees(service.name)) {
        const calls = Math.min(
          3,
          Math.floor(edge.calls_per_request) + (rng.chance(edge.calls_per_request % 1) ? 1 : 0),
        );
        const callee = engine.graph.byName.get(edge.to) as SimService;
        if (engine.state(edge.to).breaker_open) continue;
        for (let c = 0; c < calls; c++) {
          const calleeSnap = engine.snapshots.get(edge.to) as ServiceSnapshot;
          let result: VisitResult;
          if (callee.tier === 'external') {
            result = this.clientSpan(service, callee, spanId, cursor, calleeSnap);
          } else {
            result = this.visit(callee, spanId, cursor, rng.pick(callee.operations), depth + 1);
          }
          const timedOut = result.duration_ms > edge.timeout_ms;
          const elapsed = Math.min(result.duration_ms, edge.timeout_ms);
          if (!edge.async) cursor += elapsed / 1000;
          if (edge.async || !(result.error || timedOut)) continue;
          // A retry hides scattered failures of a mostly healthy callee.
          if (!rng.chance(0.35 + 0.65 * calleeSnap.error_rate)) continue;
          failedCallee ??= { callee, mode: timedOut ? 'timeout' : 'error', timeout: edge.timeout_ms };
        }
        if (failedCallee) break;
      }
    }
    own = own * 0.7;
    const duration = (cursor - start) * 1000 + own;
    const error = ownKind !== null || failedCallee !== null;
    engine.span({
      trace_id: this.traceId,
      span_id: spanId,
      parent_span_id: parent,
      service: service.name,
      operation,
      start: roundTime(start),
      duration_ms: round(duration, 5),
      status: error ? 'error' : 'ok',
    });
    const log = (level: 'info' | 'warn' | 'error', message: string) =>
      engine.log({
        timestamp: roundTime(start + duration / 1000),
        service: service.name,
        level,
        message,
        trace_id: this.traceId,
        span_id: spanId,
      });
    const line = requestLine(
      service,
      operation,
      error ? (failedCallee?.mode === 'timeout' ? 504 : 500) : 200,
      duration,
      rng,
    );
    log(line.level === 'error' ? 'error' : 'info', line.message);
    if (ownKind) {
      const failure = ownFailure(ownKind, this.context(service, operation));
      log(failure.level === 'warn' ? 'warn' : 'error', failure.message);
    } else if (failedCallee) {
      const calleeSnap = engine.snapshots.get(failedCallee.callee.name);
      const failure = calleeFailure(
        service,
        failedCallee.callee,
        failedCallee.mode,
        failedCallee.timeout,
        dominantKind(calleeSnap),
        rng,
        operation,
      );
      log('error', failure.message);
    }
    return { duration_ms: duration, error };
  }

  /** An external provider is only visible as its caller's client span. */
  private clientSpan(
    caller: SimService,
    provider: SimService,
    parent: string,
    start: number,
    snap: ServiceSnapshot,
  ): VisitResult {
    const { rng } = this;
    const hang = rng.chance(snap.hang_fraction);
    const duration = hang ? snap.hang_ms : sampleLatency(snap.own.p50, rng);
    const error = hang || rng.chance(Math.max(0, snap.error_rate - snap.hang_fraction));
    const method = provider.operations[0]?.split(' ')[0] ?? 'POST';
    this.engine.span({
      trace_id: this.traceId,
      span_id: rng.hex(16),
      parent_span_id: parent,
      service: caller.name,
      operation: `HTTP ${method} ${provider.name}`,
      start: roundTime(start),
      duration_ms: round(duration, 5),
      status: error ? 'error' : 'ok',
    });
    return { duration_ms: duration, error };
  }

  private context(service: SimService, operation: string) {
    const state = this.engine.state(service.name);
    return {
      service,
      operation,
      poolSize: state.pods[0]?.pool_size ?? 0,
      rng: this.rng,
      exception: currentRelease(state).defect?.exception,
    };
  }
}

export function sampleLatency(median: number, rng: Rng): number {
  return median * Math.exp(0.45 * rng.normal());
}

/** Picks one of a service's own failure kinds, weighted by its rate. */
export function pickKind(snap: ServiceSnapshot, rng: Rng): OwnErrorKind {
  const total = snap.own_errors.reduce((sum, e) => sum + e.rate, 0);
  let pick = rng.next() * total;
  for (const e of snap.own_errors) {
    pick -= e.rate;
    if (pick < 0) return e.kind;
  }
  return snap.own_errors[snap.own_errors.length - 1]?.kind ?? 'baseline';
}

export function dominantKind(snap: ServiceSnapshot | undefined): OwnErrorKind | undefined {
  if (!snap || snap.own_errors.length === 0) return undefined;
  return snap.own_errors.reduce((a, b) => (b.rate > a.rate ? b : a)).kind;
}
