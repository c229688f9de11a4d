import { detectSeriesAnomaly, forecastExhaustion } from '../analysis/anomaly/index.js';
import type { MetricAnomalyFinding, Point, Series } from '../core/index.js';
import { formatDuration } from '../core/index.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import { clamp, round } from '../util/stats.js';
import type { AgentResult, DataSourceStatus, InvestigationAgent, InvestigationContext } from './agent.js';
import { nextFindingId } from './agent.js';
import { increments } from './metrics/counter-increments.js';
import {
  DERIVED_UTILIZATION,
  isAnalysedMetric,
  type MetricProfile,
  metricProfile,
} from './metrics/metric-signals.js';
import { saturationAnomaly } from './metrics/saturation.js';
import { rankServicesByDeviation } from './metrics/service-ranking.js';
import { utilizationSeries } from './metrics/utilization-series.js';

export interface MetricsAgentOptions {
  /** Concurrent queries against the metrics backend. */
  concurrency?: number;
  /** Findings below this strength are dropped as noise. */
  minStrength?: number;
  /** Points kept in each finding's excerpt for the UI. */
  excerptPoints?: number;
  /** Onsets closer than this count as simultaneous when ranking services (default 30 s). */
  onsetToleranceSeconds?: number;
}

/**
 * The metrics agent: for every service in scope it reads the well-known signals (RED, USE,
 * pools, GC, disk, restarts) and reports what deviated from the service's own baseline,
 * when it started, by how much, and how close the service is to a hard limit.
 */
export class MetricsAgent implements InvestigationAgent {
  readonly name = 'metrics' as const;
  private readonly options: Required<MetricsAgentOptions>;

  constructor(options: MetricsAgentOptions = {}) {
    this.options = {
      concurrency: 8,
      minStrength: 0.2,
      excerptPoints: 60,
      onsetToleranceSeconds: 30,
      ...options,
    };
  }

  async investigate(context: InvestigationContext): Promise<AgentResult> {
    const started = performance.now();
    const source = context.ports.metrics;
    if (!source) {
      return this.result(
        [],
        [],
        [{ source: 'metrics', status: 'absent', detail: 'no metrics source' }],
        started,
      );
    }
    const ctx = { signal: context.signal };
    const names = await source.metricNames(ctx);
    if (names.kind !== 'ok') {
      const status = names.kind === 'error' ? 'error' : 'no_data';
      const detail = names.kind === 'error' ? names.message : 'no metrics';
      return this.result([], [], [{ source: source.id, status, detail }], started);
    }
    const available = new Set(names.data);
    const analysed = names.data.filter(isAnalysedMetric);
    const limitMetrics = new Set<string>();
    for (const metric of analysed) {
      const limit = metricProfile(metric).limit;
      if (limit && 'metric' in limit && available.has(limit.metric)) limitMetrics.add(limit.metric);
    }
    const toQuery = [...new Set([...analysed, ...limitMetrics])];
    const { range } = { range: context.plan.window };
    const services = context.plan.services.length ? context.plan.services : undefined;
    const sources: DataSourceStatus[] = [];
    const results = await mapWithConcurrency(toQuery, this.options.concurrency, async (metric) => {
      const outcome = await source.range({ metric, services, range }, ctx);
      if (outcome.kind === 'error')
        sources.push({ source: `${source.id}:${metric}`, status: 'error', detail: outcome.message });
      return { metric, series: outcome.kind === 'ok' ? outcome.data : [] };
    });
    const byMetric = new Map<string, Map<string, Point[]>>();
    const observed = new Set<string>();
    for (const { metric, series } of results) {
      const byService = new Map<string, Point[]>();
      for (const s of series) {
        byService.set(s.service, s.points);
        if (s.points.length) observed.add(s.service);
      }
      byMetric.set(metric, byService);
    }
    if (sources.length === 0) sources.push({ source: source.id, status: observed.size ? 'ok' : 'no_data' });
    const derived = deriveUtilization(byMetric);
    const findings: MetricAnomalyFinding[] = [];
    for (const metric of [...analysed, ...derived.names]) {
      for (const [service, points] of byMetric.get(metric) ?? []) {
        // A metric with a limit is judged by its utilisation, which sees a shrunk limit too.
        if (derived.replaced.has(`${service}|${metric}`)) continue;
        const finding = this.analyse({ service, metric, points }, byMetric, context.plan.baseline_end);
        if (finding && finding.strength >= this.options.minStrength) findings.push(finding);
      }
    }
    findings.sort((a, b) => a.onset - b.onset || b.strength - a.strength);
    return this.result(findings, [...observed], sources, started);
  }

  private analyse(
    series: Series,
    byMetric: Map<string, Map<string, Point[]>>,
    baselineEnd: number,
  ): MetricAnomalyFinding | null {
    const profile = metricProfile(series.metric);
    const points = profile.counter ? increments(series.points) : series.points;
    const limit = limitFor(profile, series.service, byMetric);
    const anomaly =
      detectSeriesAnomaly(points, {
        baselineEnd,
        direction: profile.direction,
        minAbsoluteChange: profile.minAbsoluteChange,
        minRelativeChange: profile.minRelativeChange,
      }) ?? (limit !== undefined ? saturationAnomaly(series.points, limit) : null);
    if (!anomaly) return null;
    let utilization: number | undefined;
    let secondsToExhaustion: number | undefined;
    if (limit !== undefined && limit > 0) {
      const forecast = forecastExhaustion(series.points, limit);
      utilization = round(
        Math.max(forecast.utilization, 'value' in profile.limit! ? anomaly.peak / limit : 0),
        4,
      );
      if (forecast.seconds_to_exhaustion !== null)
        secondsToExhaustion = Math.round(forecast.seconds_to_exhaustion);
    }
    const strength = clamp(anomaly.score);
    return {
      id: nextFindingId('met'),
      agent: 'metrics',
      kind: 'metric_anomaly',
      service: series.service,
      summary: describe(series, anomaly, utilization, secondsToExhaustion),
      strength: round(strength, 4),
      metric: series.metric,
      signal: profile.signal,
      direction: anomaly.direction,
      shape: anomaly.shape,
      onset: anomaly.onset,
      peak_time: anomaly.peak_time,
      baseline: anomaly.baseline,
      peak: anomaly.peak,
      current: anomaly.current,
      magnitude: round(anomaly.magnitude, 4),
      significance: round(clamp(anomaly.significance), 4),
      ongoing: anomaly.ongoing,
      utilization,
      seconds_to_exhaustion: secondsToExhaustion,
      excerpt: downsample(series.points, this.options.excerptPoints),
    };
  }

  private result(
    findings: MetricAnomalyFinding[],
    observed: string[],
    sources: DataSourceStatus[],
    started: number,
  ): AgentResult {
    return {
      agent: 'metrics',
      findings,
      observed_services: observed,
      sources,
      duration_ms: performance.now() - started,
      service_ranking: rankServicesByDeviation(findings, this.options.onsetToleranceSeconds),
    };
  }
}

function limitFor(
  profile: MetricProfile,
  service: string,
  byMetric: Map<string, Map<string, Point[]>>,
): number | undefined {
  if (!profile.limit) return undefined;
  if ('value' in profile.limit) return profile.limit.value;
  const points = byMetric.get(profile.limit.metric)?.get(service);
  return points?.length ? points[points.length - 1][1] : undefined;
}

function downsample(points: readonly Point[], max: number): Point[] {
  if (points.length <= max) return points.map((p) => [p[0], round(p[1], 6)]);
  const stride = points.length / max;
  const out: Point[] = [];
  for (let i = 0; i < max; i++) {
    const p = points[Math.floor(i * stride)];
    out.push([p[0], round(p[1], 6)]);
  }
  const last = points[points.length - 1];
  out[out.length - 1] = [last[0], round(last[1], 6)];
  return out;
}

function formatValue(metric: string, value: number): string {
  if (metric === 'error_rate' || metric === 'cpu' || metric === 'disk_used')
    return `${round(value * 100, 1)}%`;
  if (metric.startsWith('latency'))
    return value >= 1 ? `${round(value, 2)}s` : `${Math.round(value * 1000)}ms`;
  if (metric === 'memory' || metric.startsWith('network')) return `${round(value / 2 ** 20, 1)}MiB`;
  return `${round(value, 3)}`;
}

function describe(
  series: Series,
  anomaly: { baseline: number; peak: number; shape: string; direction: string; ongoing: boolean },
  utilization: number | undefined,
  secondsToExhaustion: number | undefined,
): string {
  const { metric } = series;
  const parts = [
    `${metric} ${anomaly.direction === 'up' ? 'rose' : 'fell'} from ${formatValue(metric, anomaly.baseline)} to ${formatValue(metric, anomaly.peak)} (${anomaly.shape.replace('_', ' ')}${anomaly.ongoing ? ', ongoing' : ', cleared'})`,
  ];
  if (utilization !== undefined) parts.push(`${round(utilization * 100, 1)}% of limit`);
  if (secondsToExhaustion !== undefined)
    parts.push(`limit reached in ${formatDuration(secondsToExhaustion)}`);
  return parts.join(', ');
}

/**
 * Adds `<resource>_utilization` series (metric / its limit, sample by sample) to `byMetric`
 * and returns their names and which raw series they replace.
 */
function deriveUtilization(byMetric: Map<string, Map<string, Point[]>>): {
  names: string[];
  replaced: Set<string>;
} {
  const names: string[] = [];
  const replaced = new Set<string>();
  for (const spec of DERIVED_UTILIZATION) {
    const numerators = byMetric.get(spec.numerator);
    const denominators = byMetric.get(spec.denominator);
    if (!numerators || !denominators) continue;
    const out = new Map<string, Point[]>();
    for (const [service, points] of numerators) {
      const limits = denominators.get(service);
      if (!limits?.length) continue;
      const ratio = utilizationSeries(points, limits);
      if (ratio.length) {
        out.set(service, ratio);
        replaced.add(`${service}|${spec.numerator}`);
      }
    }
    if (out.size) {
      byMetric.set(spec.name, out);
      names.push(spec.name);
    }
  }
  return { names, replaced };
}
