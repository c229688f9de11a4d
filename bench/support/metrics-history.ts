/**
 * Synthetic metric history for the Prometheus benchmark: `services` services, each with ten
 * signals (traffic, errors, a latency histogram, CPU, memory and its limit, GC, network in
 * and out) at plausible, service-specific levels with noise, and a fault on a few services
 * from `faultAt` on. Rendered through the simulator's MetricsExposition, so the metric
 * names and labels are exactly the ones the default PromQL templates read, as OpenMetrics
 * text for `promtool tsdb create-blocks-from openmetrics`. Deterministic for a seed.
 */
import { MetricsExposition, type ServiceSample } from '../../src/sim/live/metrics-exposition.js';
import { Rng } from '../../src/sim/random.js';
import { DOMAINS, SERVICE_SUFFIXES } from '../../src/sim/topology/topology-words.js';

export interface MetricsHistoryOptions {
  services: number;
  /** Epoch seconds of the first and last sample. */
  start: number;
  end: number;
  stepSeconds: number;
  /** Epoch seconds where the faults begin. */
  faultAt: number;
  seed?: number;
}

export type FaultKind = 'errors_and_latency' | 'memory_leak' | 'cpu_saturation';

export interface MetricsHistory {
  openMetrics: string;
  services: string[];
  faults: { service: string; kind: FaultKind }[];
  /** Samples written (one per exposed series per instant). */
  samples: number;
  instants: number;
}

interface Baseline {
  rps: number;
  errorRate: number;
  p50: number;
  p99: number;
  cpuPerRequest: number;
  memory: number;
  memoryLimit: number;
  gc: number;
  bytesIn: number;
  bytesOut: number;
}

const FAULT_KINDS: FaultKind[] = ['errors_and_latency', 'memory_leak', 'cpu_saturation'];

/** Distinct, realistic service names (`payments-api`, `ledger-core`...). */
export function serviceNames(count: number, seed = 1): string[] {
  const rng = Rng.derive(seed, 'names');
  const names = new Set<string>();
  while (names.size < count) names.add(`${rng.pick(DOMAINS)}${rng.pick(SERVICE_SUFFIXES)}`);
  return [...names].sort();
}

export function metricsHistory(options: MetricsHistoryOptions): MetricsHistory {
  const seed = options.seed ?? 1;
  const rng = Rng.derive(seed, 'metrics-history');
  const services = serviceNames(options.services, seed);
  const baselines = new Map(services.map((s) => [s, baselineFor(rng)]));
  // One service in ten (at least three: one of each kind) breaks at faultAt, spread evenly.
  const faultCount = Math.min(services.length, Math.max(3, Math.floor(services.length / 10)));
  const faults = Array.from({ length: faultCount }, (_, k) => ({
    service: services[Math.floor(((k + 0.5) * services.length) / faultCount)],
    kind: FAULT_KINDS[k % FAULT_KINDS.length],
  }));
  const faultOf = new Map(faults.map((f) => [f.service, f.kind]));
  const exposition = new MetricsExposition();
  const headers = MetricsExposition.familyHeaders(true);
  const bodies = new Map<string, string[]>([...headers.keys()].map((name) => [name, []]));
  let instants = 0;
  for (let t = options.start; t <= options.end; t += options.stepSeconds) {
    const samples = new Map<string, ServiceSample>();
    const since = t - options.faultAt;
    for (const service of services) {
      const base = baselines.get(service)!;
      samples.set(service, sampleAt(base, since, faultOf.get(service), rng));
    }
    exposition.advance(samples, options.stepSeconds);
    for (const [name, lines] of exposition.renderSamples(t)) {
      const body = bodies.get(name);
      for (const line of lines) body?.push(line);
    }
    instants++;
  }
  const out: string[] = [];
  let samples = 0;
  for (const [name, header] of headers) {
    const body = bodies.get(name) ?? [];
    if (!body.length) continue;
    out.push(header.join('\n'), body.join('\n'));
    samples += body.length;
  }
  out.push('# EOF');
  return { openMetrics: `${out.join('\n')}\n`, services, faults, samples, instants };
}

function baselineFor(rng: Rng): Baseline {
  const rps = Math.exp(rng.range(Math.log(5), Math.log(800)));
  const p50 = rng.range(0.008, 0.12);
  const memoryLimit = rng.pick([512, 1024, 2048, 4096]) * 2 ** 20;
  return {
    rps,
    errorRate: rng.range(0.0005, 0.006),
    p50,
    p99: p50 * rng.range(3, 7),
    cpuPerRequest: rng.range(0.0002, 0.0012),
    memory: memoryLimit * rng.range(0.3, 0.6),
    memoryLimit,
    gc: rng.range(0.002, 0.015),
    bytesIn: rng.range(800, 4000),
    bytesOut: rng.range(2000, 20000),
  };
}

/** One service's samples, `since` seconds after the fault onset (negative: before it). */
function sampleAt(base: Baseline, since: number, fault: FaultKind | undefined, rng: Rng): ServiceSample {
  const jitter = (sd: number) => Math.max(0.05, 1 + sd * rng.normal());
  const broken = fault !== undefined && since >= 0;
  const rps = base.rps * jitter(0.04);
  let errorRate = base.errorRate * jitter(0.25);
  let p50 = base.p50 * jitter(0.05);
  let p99 = base.p99 * jitter(0.08);
  let cpu = Math.min(0.98, base.cpuPerRequest * rps * jitter(0.05));
  let memory = base.memory * jitter(0.01);
  let gc = base.gc * jitter(0.1);
  if (broken && fault === 'errors_and_latency') {
    errorRate = Math.min(1, 0.12 * jitter(0.1));
    p50 *= 3;
    p99 *= 6;
  } else if (broken && fault === 'memory_leak') {
    // Climbs to 97% of the limit over 20 minutes, collecting more and more often.
    const progress = Math.min(1, since / 1200);
    memory = base.memory + (0.97 * base.memoryLimit - base.memory) * progress;
    gc *= 1 + 6 * progress;
  } else if (broken && fault === 'cpu_saturation') {
    cpu = 0.97 * jitter(0.01);
    p50 *= 2;
    p99 *= 3;
  }
  return {
    rps,
    error_rate: errorRate,
    latency_p50: p50,
    latency_p99: Math.max(p99, p50 * 1.5),
    cpu: Math.min(1, cpu),
    memory,
    memory_limit: base.memoryLimit,
    gc_pause: gc,
    network_rx: rps * base.bytesIn * jitter(0.05),
    network_tx: rps * base.bytesOut * jitter(0.05),
  };
}
