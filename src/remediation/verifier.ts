import { increments } from '../agents/metrics/counter-increments.js';
import { DERIVED_UTILIZATION, metricProfile } from '../agents/metrics/metric-signals.js';
import type {
  Finding,
  MetricAnomalyFinding,
  MetricsSource,
  Point,
  QueryContext,
  VerificationResult,
  VerificationSpec,
} from '../core/index.js';
import { formatDuration } from '../core/index.js';
import { median } from '../util/stats.js';
import { type DriftBack, driftBack } from './recovery-trend.js';

/**
 * Checks whether the signals that deviated during the incident are back near their
 * pre-incident baseline: a signal has recovered when at most a quarter of its deviation
 * remains, judged on the median of the last few minutes, and the recovery holds: a signal
 * trending back towards the incident fast enough to leave that band within the next
 * `recentSeconds` (see recovery-trend.ts) has not recovered.
 */
export async function checkRecovery(
  spec: VerificationSpec,
  findings: readonly Finding[],
  metrics: MetricsSource | undefined,
  now: number,
  ctx: QueryContext,
  recentSeconds = 120,
): Promise<VerificationResult> {
  if (!metrics || spec.signals.length === 0) {
    return {
      outcome: 'no_data',
      checked_at: now,
      detail: metrics ? 'no signal to verify' : 'no metrics source to verify with',
      signals: [],
    };
  }
  const byKey = new Map<string, MetricAnomalyFinding>();
  for (const f of findings) if (f.kind === 'metric_anomaly') byKey.set(`${f.service}|${f.metric}`, f);
  const signals: VerificationResult['signals'] = [];
  const drifting = new Map<string, DriftBack>();
  for (const signal of spec.signals) {
    const anomaly = byKey.get(`${signal.service}|${signal.metric}`);
    const points = await recentPoints(metrics, signal, { start: now - recentSeconds, end: now }, ctx);
    const after = points.map((p) => p[1]).filter(Number.isFinite);
    const current = after.length ? median(after) : null;
    const baseline = anomaly?.baseline ?? null;
    const before = anomaly?.peak ?? null;
    let recovered = false;
    if (current !== null && baseline !== null && before !== null) {
      // Back within a quarter of the deviation; overshooting to the good side counts.
      const allowance = Math.max(0.25 * Math.abs(before - baseline), 1e-9);
      recovered =
        anomaly?.direction === 'down' ? current >= baseline - allowance : current <= baseline + allowance;
      // The bad side is the side the anomaly went.
      const span = Math.abs(before - baseline);
      const peak = anomaly?.direction === 'down' ? baseline - span : baseline + span;
      const drift = recovered ? driftBack(points, { baseline, peak, allowance }, recentSeconds) : null;
      if (drift) {
        recovered = false;
        drifting.set(`${signal.service} ${signal.metric}`, drift);
      }
    }
    signals.push({
      service: signal.service,
      metric: signal.metric,
      baseline,
      before,
      after: current,
      recovered,
    });
  }
  const measured = signals.filter((s) => s.after !== null);
  if (measured.length === 0) {
    return { outcome: 'no_data', checked_at: now, detail: 'verification signals returned no data', signals };
  }
  const failing = measured.filter((s) => !s.recovered);
  const name = (s: { service: string; metric: string }) => `${s.service} ${s.metric}`;
  const deviating = failing.filter((s) => !drifting.has(name(s))).map(name);
  const back = [...drifting].map(([what, d]) => `${what} ${describeDrift(d)}`);
  return {
    outcome: failing.length === 0 ? 'recovered' : 'not_recovered',
    checked_at: now,
    detail:
      failing.length === 0
        ? `${measured.length} signal(s) back near baseline`
        : [
            deviating.length ? `still deviating: ${deviating.join(', ')}` : '',
            back.length ? `not holding, drifting back towards the incident: ${back.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; '),
    signals,
  };
}

function describeDrift(d: DriftBack): string {
  const f = (v: number) => Number(v.toPrecision(3));
  return `(${f(d.now)} now, ${f(d.projected)} in ${formatDuration(d.horizon_s)})`;
}

/** Recent samples of a metric, or of a derived utilisation (metric / limit) by sample. */
async function recentPoints(
  metrics: MetricsSource,
  signal: { service: string; metric: string },
  range: { start: number; end: number },
  ctx: QueryContext,
): Promise<Point[]> {
  const read = async (metric: string) => {
    const outcome = await metrics.range({ metric, services: [signal.service], range }, ctx);
    return outcome.kind === 'ok' ? outcome.data.flatMap((s) => s.points) : [];
  };
  const derived = DERIVED_UTILIZATION.find((d) => d.name === signal.metric);
  // A counter (restarts) is judged by its increments, as the metrics agent judged it: the
  // cumulative count never returns to its baseline, the rate does.
  if (!derived) {
    const points = await read(signal.metric);
    return metricProfile(signal.metric).counter ? increments(points) : points;
  }
  const [values, limits] = await Promise.all([read(derived.numerator), read(derived.denominator)]);
  const limitAt = new Map(limits.map((p) => [p[0], p[1]]));
  return values.flatMap(([t, v]): Point[] => {
    const limit = limitAt.get(t);
    return limit && limit > 0 ? [[t, v / limit]] : [];
  });
}
