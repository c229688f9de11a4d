import type { LogPatternFinding, Mechanism } from '../core/index.js';
import { type ServiceEvidence, strongest } from './service-evidence.js';

/** Signature names (from the logs agent) that name a mechanism outright. */
const SIGNATURE_MECHANISM: Record<string, Mechanism> = {
  connection_pool_exhaustion: 'connection_pool_exhaustion',
  oom: 'memory_leak',
  gc_pressure: 'memory_leak',
  disk_full: 'disk_full',
  crash_loop: 'crash_loop',
  thread_exhaustion: 'thread_exhaustion',
};

export interface MechanismEvidence {
  mechanism: Mechanism;
  strength: number;
  reason: string;
}

/**
 * What went wrong inside a service, from its own signals: saturation of a specific
 * resource wins over generic errors or latency. For a service without telemetry the
 * callers' log signatures decide between timeouts (latency) and failures (errors).
 */
export function inferMechanism(
  evidence: ServiceEvidence,
  callerPatterns: readonly LogPatternFinding[] = [],
): MechanismEvidence {
  const candidates: MechanismEvidence[] = [];
  const u = evidence.utilization;
  const pool = strongest(evidence, 'connection_pool');
  if ((u.connection_pool ?? 0) >= 0.9 && pool) {
    candidates.push({
      mechanism: 'connection_pool_exhaustion',
      strength: 0.6 + 0.4 * pool.strength,
      reason: `connection pool at ${Math.round((u.connection_pool ?? 0) * 100)}% of its maximum`,
    });
  }
  const disk = strongest(evidence, 'disk');
  if ((u.disk ?? 0) >= 0.85 && disk) {
    candidates.push({
      mechanism: 'disk_full',
      strength: 0.6 + 0.4 * disk.strength,
      reason: `disk ${Math.round((u.disk ?? 0) * 100)}% full`,
    });
  }
  const memory = strongest(evidence, 'memory');
  if (memory && (memory.shape === 'trend' || (u.memory ?? 0) >= 0.85)) {
    const gc = strongest(evidence, 'gc');
    candidates.push({
      mechanism: 'memory_leak',
      strength: 0.5 + 0.3 * memory.strength + 0.2 * (gc?.strength ?? 0),
      reason: `memory ${memory.shape === 'trend' ? 'rising steadily' : 'near its limit'}${gc ? ', GC pauses up' : ''}`,
    });
  }
  const cpu = strongest(evidence, 'cpu');
  if (cpu && (u.cpu ?? 0) >= 0.8) {
    candidates.push({
      mechanism: 'cpu_saturation',
      strength: 0.5 + 0.5 * cpu.strength,
      reason: `CPU at ${Math.round((u.cpu ?? 0) * 100)}% of allocation`,
    });
  }
  for (const pattern of evidence.logPatterns) {
    const mechanism = pattern.signature ? SIGNATURE_MECHANISM[pattern.signature] : undefined;
    if (mechanism) {
      candidates.push({
        mechanism,
        strength: 0.4 + 0.4 * pattern.strength,
        reason: `log signature ${pattern.signature} (${pattern.count}×)`,
      });
    }
  }
  if (candidates.length) return candidates.sort((a, b) => b.strength - a.strength)[0];
  const errors = strongest(evidence, 'errors');
  const latency = strongest(evidence, 'latency');
  if (errors || latency) {
    const errorRise = errors ? errors.strength * Math.min(1, errors.magnitude) : 0;
    const latencyRise = latency ? latency.strength * Math.min(1, latency.magnitude / 2) : 0;
    return errorRise >= latencyRise
      ? { mechanism: 'error_spike', strength: errors!.strength, reason: 'error rate rose' }
      : { mechanism: 'latency_degradation', strength: latency!.strength, reason: 'latency rose' };
  }
  return mechanismFromCallers(callerPatterns);
}

function mechanismFromCallers(patterns: readonly LogPatternFinding[]): MechanismEvidence {
  let timeouts = 0;
  let failures = 0;
  for (const pattern of patterns) {
    const text = `${pattern.signature ?? ''} ${pattern.template}`.toLowerCase();
    if (/timeout|timed out|deadline exceeded/.test(text)) timeouts += pattern.count;
    else failures += pattern.count;
  }
  if (timeouts === 0 && failures === 0)
    return { mechanism: 'error_spike', strength: 0.2, reason: 'no signal' };
  return timeouts >= failures
    ? { mechanism: 'latency_degradation', strength: 0.5, reason: 'its callers time out on it' }
    : { mechanism: 'error_spike', strength: 0.5, reason: 'its callers get errors from it' };
}
