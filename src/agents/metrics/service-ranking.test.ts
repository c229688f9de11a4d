import { describe, expect, it } from 'vitest';
import type { MetricAnomalyFinding } from '../../core/index.js';
import { rankServicesByDeviation } from './service-ranking.js';

const anomaly = (
  service: string,
  onset: number,
  significance: number,
  metric = 'error_rate',
  ongoing = true,
) => ({ service, onset, significance, metric, magnitude: 5, ongoing }) as MetricAnomalyFinding;

describe('rankServicesByDeviation', () => {
  it('puts the earliest first and orders near-simultaneous onsets by strength', () => {
    const ranked = rankServicesByDeviation(
      [
        anomaly('caller', 130, 0.99),
        anomaly('db', 100, 0.6),
        anomaly('db', 160, 0.9, 'latency_p99'),
        anomaly('cache', 105, 0.95),
        anomaly('edge', 400, 1),
      ],
      15,
    );
    expect(ranked.map((r) => r.service)).toEqual(['cache', 'db', 'caller', 'edge']);
    const db = ranked.find((r) => r.service === 'db');
    expect(db).toMatchObject({ onset: 100, metric: 'latency_p99', anomalies: 2, ongoing: true });
    expect(db?.strength).toBeCloseTo(0.9 * (1 - Math.exp(-5)), 6);
  });

  it('puts deviations that cleared after those still going on, and small shifts below large ones', () => {
    const blip = anomaly('blip', 50, 1, 'latency_p95', false);
    const small = { ...anomaly('small', 100, 1), magnitude: 0.3 } as MetricAnomalyFinding;
    const large = anomaly('large', 103, 1);
    const ranked = rankServicesByDeviation([blip, small, large], 5);
    expect(ranked.map((r) => r.service)).toEqual(['large', 'small', 'blip']);
  });

  it('is empty without findings', () => {
    expect(rankServicesByDeviation([], 30)).toEqual([]);
  });
});
