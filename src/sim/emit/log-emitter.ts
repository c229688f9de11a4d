/**
 * Per step and service: a sample of access logs, background lines, and warnings and errors
 * in proportion to what the snapshot says is going wrong. Request-scoped lines carry a
 * trace and span id (of an unsampled trace when no span was recorded for them).
 */
import type { LogLevel } from '../../core/index.js';
import type { ServiceSnapshot } from '../engine/physics.js';
import type { WorldEngine } from '../engine/world-engine.js';
import { currentRelease } from '../engine/world-state.js';
import type { Rng } from '../random.js';
import type { SimService } from '../topology/sim-topology.js';
import { calleeFailure } from './callee-failure-messages.js';
import { gcWarning, type LogLine, oomLines, ownFailure } from './failure-messages.js';
import { roundTime } from './metric-emitter.js';
import { backgroundLine, requestLine, retryWarning, slowQueryWarning } from './routine-lines.js';
import { dominantKind, pickKind, sampleLatency } from './trace-emitter.js';

/** Share of failing requests that get an error line of their own (logs are sampled). */
const ERROR_LOG_SAMPLING = 0.03;
const MAX_ERRORS_PER_KIND = 10;

export function emitLogs(engine: WorldEngine, rng: Rng): void {
  const t = engine.t;
  const dt = engine.stepSeconds;
  const at = () => roundTime(t - dt + rng.next() * dt);
  for (const note of engine.takeNotes()) {
    engine.log({ timestamp: at(), service: note.service, level: note.level, message: note.message });
  }
  for (const name of engine.graph.order) {
    const snap = engine.snapshots.get(name) as ServiceSnapshot;
    const service = engine.graph.byName.get(name) as SimService;
    if (snap.external) continue;
    const state = engine.state(name);
    const plain = (line: LogLine) =>
      engine.log({ timestamp: at(), service: name, level: line.level, message: line.message });
    const scoped = (line: LogLine) =>
      engine.log({
        timestamp: at(),
        service: name,
        level: line.level,
        message: line.message,
        trace_id: rng.hex(32),
        span_id: rng.hex(16),
      });

    const requests = rng.poisson(2 + snap.rps / 120);
    for (let i = 0; i < Math.min(requests, 6); i++) {
      const failed = rng.chance(snap.error_rate);
      scoped(
        requestLine(
          service,
          rng.pick(service.operations),
          failed ? 500 : 200,
          sampleLatency(snap.latency.p50, rng),
          rng,
        ),
      );
    }
    if (rng.chance(0.3)) plain(backgroundLine(service, snap, rng));

    const volume = snap.rps * dt * ERROR_LOG_SAMPLING;
    const ownCount = Math.min(MAX_ERRORS_PER_KIND, rng.poisson(volume * snap.own_error_rate));
    const context = {
      service,
      operation: '',
      poolSize: state.pods[0]?.pool_size ?? 0,
      rng,
      exception: currentRelease(state).defect?.exception,
    };
    for (let i = 0; i < ownCount; i++) {
      const kind = pickKind(snap, rng);
      if (kind === 'oom') continue;
      scoped(ownFailure(kind, { ...context, operation: rng.pick(service.operations) }));
    }
    for (const impact of snap.callees) {
      const callee = engine.graph.byName.get(impact.callee) as SimService;
      if (impact.fallback) {
        if (rng.chance(0.5)) scoped(fallbackLine(service, callee.name));
        continue;
      }
      const failing = impact.timeout_share + impact.error_share;
      const count = Math.min(MAX_ERRORS_PER_KIND, rng.poisson(volume * failing));
      for (let i = 0; i < count; i++) {
        const mode = rng.chance(impact.timeout_share / Math.max(failing, 1e-9)) ? 'timeout' : 'error';
        const calleeKind = dominantKind(engine.snapshots.get(callee.name));
        scoped(
          calleeFailure(
            service,
            callee,
            mode,
            impact.timeout_ms,
            calleeKind,
            rng,
            rng.pick(service.operations),
          ),
        );
      }
      const retries = Math.min(4, rng.poisson(snap.rps * dt * failing * 0.005));
      for (let i = 0; i < retries; i++) scoped(retryWarning(service, callee.name, rng));
    }
    for (let i = 0; i < snap.oom_kills; i++) {
      const pod = `${name}-${rng.hex(10)}-${rng.hex(5)}`;
      for (const line of oomLines(service, pod, rng)) plain(line);
    }
    if (snap.gc_pause > 0.08) {
      for (let i = 0; i < Math.min(5, rng.poisson(snap.gc_pause * 8)); i++)
        plain(gcWarning(service, snap.memory_fraction, snap.gc_pause, rng));
    }
    const baseline = engine.baseline.get(name);
    if (baseline && snap.own.p50 > 3 * baseline.own.p50) {
      for (let i = 0; i < Math.min(4, rng.poisson(1.5)); i++)
        plain(slowQueryWarning(service, sampleLatency(snap.own.p99, rng), rng));
    }
    if (service.stateful && state.disk_growth_per_s > 0 && rng.chance(0.5)) {
      plain(archiveFailure(rng));
    }
    const blip = engine.blipsAt(name, t);
    if (blip && rng.chance(0.7)) {
      const callees = engine.graph.callees(name);
      plain(
        callees.length
          ? retryWarning(service, rng.pick(callees).to, rng)
          : slowQueryWarning(service, snap.own.p99 * blip.latency_factor, rng),
      );
    }
  }
}

function fallbackLine(service: SimService, callee: string): LogLine {
  const level: LogLevel = 'warn';
  return service.language === 'go'
    ? { level, message: `level=warn msg="circuit open, serving fallback" target=${callee}` }
    : { level, message: `Circuit breaker '${callee}' is OPEN; serving fallback response` };
}

/** WAL piles up when archiving fails: PostgreSQL keeps segments it could not archive. */
function archiveFailure(rng: Rng): LogLine {
  const segment = `0000000100000${rng.int(100, 999).toString(16).toUpperCase()}000000${rng.int(16, 255).toString(16).toUpperCase()}`;
  return {
    level: 'warn',
    message: `LOG:  archive command failed with exit code 1\nDETAIL:  The failed archive command was: wal-g wal-push pg_wal/${segment}\nWARNING:  archiving write-ahead log file "${segment}" failed too many times, will try again later`,
  };
}
