/**
 * Ranks services by how early and how strongly they deviated. Services still deviating
 * come before those whose deviation cleared (a transient blip rarely explains an ongoing
 * incident). Within each set the earliest onset leads; onsets closer than the tolerance
 * (scrape intervals, rate windows, clock skew) count as simultaneous, and among those the
 * stronger deviation leads. Strength = significance × (1 − e^(−magnitude)), halved when
 * the deviation cleared, so that a certain but small shift ranks below a large one.
 */
import type { MetricAnomalyFinding } from '../../core/index.js';

export interface ServiceDeviation {
  service: string;
  /** Earliest onset among the service's anomalies (epoch s). */
  onset: number;
  /** Strongest deviation among them, 0..1 (see above). */
  strength: number;
  /** The metric of the strongest anomaly. */
  metric: string;
  anomalies: number;
  /** Whether any of its deviations is still going on. */
  ongoing: boolean;
}

export function rankServicesByDeviation(
  findings: readonly MetricAnomalyFinding[],
  toleranceSeconds: number,
): ServiceDeviation[] {
  const byService = new Map<string, ServiceDeviation>();
  for (const f of findings) {
    if (!f.service) continue;
    const strength = deviationStrength(f);
    const current = byService.get(f.service);
    if (!current) {
      byService.set(f.service, {
        service: f.service,
        onset: f.onset,
        strength,
        metric: f.metric,
        anomalies: 1,
        ongoing: f.ongoing,
      });
      continue;
    }
    current.anomalies += 1;
    current.onset = Math.min(current.onset, f.onset);
    current.ongoing ||= f.ongoing;
    if (strength > current.strength) {
      current.strength = strength;
      current.metric = f.metric;
    }
  }
  const all = [...byService.values()];
  return [
    ...byOnsetThenStrength(
      all.filter((d) => d.ongoing),
      toleranceSeconds,
    ),
    ...byOnsetThenStrength(
      all.filter((d) => !d.ongoing),
      toleranceSeconds,
    ),
  ];
}

export function deviationStrength(f: MetricAnomalyFinding): number {
  const size = 1 - Math.exp(-Math.max(0, f.magnitude));
  return f.significance * size * (f.ongoing ? 1 : 0.5);
}

function byOnsetThenStrength(deviations: ServiceDeviation[], toleranceSeconds: number): ServiceDeviation[] {
  const byOnset = deviations.sort((a, b) => a.onset - b.onset || b.strength - a.strength);
  const ranked: ServiceDeviation[] = [];
  let group: ServiceDeviation[] = [];
  const flush = () => ranked.push(...group.sort((a, b) => b.strength - a.strength));
  for (const deviation of byOnset) {
    const first = group[0];
    if (first && deviation.onset - first.onset > toleranceSeconds) {
      flush();
      group = [];
    }
    group.push(deviation);
  }
  flush();
  return ranked;
}
