/**
 * The metric series behind an incident's evidence charts (`series` of
 * GET /api/v1/incidents/:id): for its strongest metric anomalies (root-cause service first,
 * then the alerting service and the rest of the blast radius), the series over the
 * investigation window, read as the metrics agent judged it: derived utilisations as
 * metric / limit sample by sample, counters as per-sample increments. Reads share one short
 * deadline; a backend that fails or does not answer in time costs the charts their full
 * series (the UI falls back to the findings' excerpts), never the request: what went wrong
 * is in `series_error`.
 */
import { increments } from '../agents/metrics/counter-increments.js';
import { DERIVED_UTILIZATION, metricProfile } from '../agents/metrics/metric-signals.js';
import { utilizationSeries } from '../agents/metrics/utilization-series.js';
import type {
  Finding,
  IncidentReport,
  MetricAnomalyFinding,
  MetricsSource,
  Point,
  TimeRange,
} from '../core/index.js';
import type { IncidentRecord, StateHistoryEntry } from '../store/store.js';
import { raceSignal } from '../util/concurrency.js';
import { downsampleMinMax } from './series-downsample.js';

/** One chart's series, as the UI's SeriesData. */
export interface SeriesData {
  service: string;
  metric: string;
  points: Point[];
}

export interface IncidentSeries {
  series: SeriesData[];
  /** Why some or all series are missing (backend error, deadline); null when none failed. */
  series_error: string | null;
}

export interface IncidentSeriesInput {
  /** The metrics source the investigation read; none means excerpts only (no error). */
  metrics: MetricsSource | undefined;
  incident: IncidentRecord;
  report: IncidentReport | undefined;
  /** The stored findings; the report's are used when there are none. */
  findings: readonly Finding[];
  stateHistory: readonly StateHistoryEntry[];
  /** Unix seconds: the end of the window of an incident without a report that is not resolved. */
  now: number;
}

export interface IncidentSeriesLimits {
  maxSeries: number;
  maxPoints: number;
  /** For all reads together. */
  deadlineMs: number;
}

export const INCIDENT_SERIES_LIMITS: IncidentSeriesLimits = {
  maxSeries: 8,
  maxPoints: 400,
  deadlineMs: 1500,
};

/** Seconds of history before the alert when the incident has no investigation plan yet. */
const FALLBACK_LEAD_S = 3600;

export interface SeriesTarget {
  service: string;
  metric: string;
}

/**
 * The (service, metric) pairs to chart, deduplicated: the root-cause service first, then the
 * alerting service, then the rest of the blast radius, then any other service; within each,
 * by the strongest finding's significance.
 */
export function seriesTargets(
  findings: readonly Finding[],
  scope: { rootService: string | null; alertService: string; blastRadius: readonly string[] },
  max: number,
): SeriesTarget[] {
  const strongest = new Map<string, MetricAnomalyFinding>();
  for (const f of findings) {
    if (f.kind !== 'metric_anomaly' || !f.service) continue;
    const key = `${f.service}|${f.metric}`;
    const known = strongest.get(key);
    if (!known || f.significance > known.significance) strongest.set(key, f);
  }
  const blast = new Set(scope.blastRadius);
  const rank = (service: string) =>
    service === scope.rootService ? 0 : service === scope.alertService ? 1 : blast.has(service) ? 2 : 3;
  return [...strongest.entries()]
    .sort(
      ([ka, a], [kb, b]) =>
        rank(a.service as string) - rank(b.service as string) ||
        b.significance - a.significance ||
        ka.localeCompare(kb),
    )
    .slice(0, max)
    .map(([, f]) => ({ service: f.service as string, metric: f.metric }));
}

/**
 * The investigation's window from the saved report's plan; without a report, from an hour
 * before the alert to the incident's resolution, or to `now` while it is open.
 */
export function seriesWindow(
  incident: IncidentRecord,
  report: IncidentReport | undefined,
  stateHistory: readonly StateHistoryEntry[],
  now: number,
): TimeRange {
  if (report) return { ...report.investigation_plan.window };
  const alertAt = incident.alert.timestamp;
  const resolved = stateHistory.findLast((entry) => entry.to === 'resolved')?.at;
  return { start: alertAt - FALLBACK_LEAD_S, end: Math.max(resolved ?? now, alertAt) };
}

type SeriesRead = { kind: 'ok'; points: Point[] } | { kind: 'no_data' } | { kind: 'error'; message: string };

/** One target's points: raw, as a utilisation (metric / limit) or, for a counter, as increments. */
export async function readTargetSeries(
  metrics: MetricsSource,
  target: SeriesTarget,
  range: TimeRange,
  signal: AbortSignal,
): Promise<SeriesRead> {
  const read = async (metric: string): Promise<SeriesRead> => {
    const outcome = await metrics.range({ metric, services: [target.service], range }, { signal });
    if (outcome.kind === 'error') return { kind: 'error', message: outcome.message };
    if (outcome.kind === 'no_data') return { kind: 'no_data' };
    const points = outcome.data
      .filter((s) => s.service === target.service)
      .flatMap((s) => s.points)
      .filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]))
      .sort((a, b) => a[0] - b[0]);
    return points.length ? { kind: 'ok', points } : { kind: 'no_data' };
  };
  const derived = DERIVED_UTILIZATION.find((d) => d.name === target.metric);
  if (!derived) {
    const raw = await read(target.metric);
    if (raw.kind !== 'ok' || !metricProfile(target.metric).counter) return raw;
    return { kind: 'ok', points: increments(raw.points) };
  }
  const [values, limits] = await Promise.all([read(derived.numerator), read(derived.denominator)]);
  if (values.kind !== 'ok') return values;
  if (limits.kind !== 'ok') return limits;
  const points = utilizationSeries(values.points, limits.points);
  return points.length ? { kind: 'ok', points } : { kind: 'no_data' };
}

/** The series for an incident's evidence charts; never throws for a backend's sake. */
export async function incidentSeries(
  input: IncidentSeriesInput,
  limits: IncidentSeriesLimits = INCIDENT_SERIES_LIMITS,
): Promise<IncidentSeries> {
  const { metrics, incident, report } = input;
  const findings = input.findings.length ? input.findings : (report?.findings ?? []);
  const targets = seriesTargets(
    findings,
    {
      rootService: report?.root_cause?.service ?? null,
      alertService: incident.service,
      blastRadius: report?.blast_radius ?? [],
    },
    limits.maxSeries,
  );
  if (!metrics || targets.length === 0) return { series: [], series_error: null };
  const range = seriesWindow(incident, report, input.stateHistory, input.now);
  const signal = AbortSignal.timeout(limits.deadlineMs);
  const late: SeriesRead = { kind: 'error', message: `no answer within ${limits.deadlineMs} ms` };
  const reads: SeriesRead[] = targets.map(() => late);
  const all = targets.map((target, i) =>
    readTargetSeries(metrics, target, range, signal)
      .catch((error: unknown): SeriesRead => {
        return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
      })
      .then((read) => {
        // An error after the deadline is the deadline's (aborted requests), not the backend's.
        reads[i] = read.kind === 'error' && signal.aborted ? late : read;
      }),
  );
  // A source that ignores the signal still cannot hold the request past the deadline.
  await raceSignal(Promise.all(all), signal).catch(() => undefined);
  const series: SeriesData[] = [];
  const failures: string[] = [];
  targets.forEach((target, i) => {
    const read = reads[i];
    if (read.kind === 'ok')
      series.push({ ...target, points: downsampleMinMax(read.points, limits.maxPoints) });
    else if (read.kind === 'error') failures.push(`${target.service} ${target.metric}: ${read.message}`);
  });
  return {
    series,
    series_error: failures.length ? describeFailures(metrics.id, failures, targets.length) : null,
  };
}

function describeFailures(source: string, failures: readonly string[], total: number): string {
  const shown = failures.slice(0, 3).join('; ');
  const more = failures.length > 3 ? ` (and ${failures.length - 3} more)` : '';
  return `metrics source ${source}: ${failures.length} of ${total} series unavailable: ${shown}${more}`;
}
